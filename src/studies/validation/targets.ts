/**
 * The Norwegian validation targets a baseline run must reproduce (calibration sheet, section 4),
 * each tied to the metric that measures it. "hard" targets come from official stocks and flows,
 * "soft" ones from surveys, derived values or single studies.
 */
import { metricList, type MetricName } from '../../stats/metric-names.js';

export interface CalibrationTarget {
  /** Number in the calibration sheet's table of targets. */
  id: string;
  metric: MetricName;
  label: string;
  target: number;
  low: number;
  high: number;
  kind: 'hard' | 'soft';
  source: string;
}

export const NORWAY_TARGETS: readonly CalibrationTarget[] = [
  { id: '1', metric: 'population_total', label: 'total prison ADP (excl. EM)', target: 3100, low: 2850, high: 3350, kind: 'hard', source: 'SSB 2020-21; KDI 2022-24' },
  { id: '2', metric: 'remand_share', label: 'remand share of stock', target: 0.22, low: 0.17, high: 0.3, kind: 'hard', source: 'KDI 18-25%; WPB 31%' },
  { id: '3', metric: 'population_preventive_detention', label: 'preventive-detention stock', target: 150, low: 120, high: 180, kind: 'hard', source: 'KDI/SSB' },
  { id: '4', metric: 'remand_admissions_per_year', label: 'new remand admissions per year', target: 2100, low: 1800, high: 2600, kind: 'hard', source: 'SSB' },
  { id: '5', metric: 'sentence_admissions_from_liberty_per_year', label: 'prison-sentence admissions from liberty per year', target: 3800, low: 3200, high: 4400, kind: 'hard', source: 'SSB 2021' },
  { id: '6', metric: 'mean_remand_stay_days', label: 'mean remand stay, days', target: 110, low: 85, high: 135, kind: 'soft', source: 'Little\'s law on SSB (calibration 2.1)' },
  { id: '7', metric: 'mean_time_served_days', label: 'mean time served per sentenced discharge, days', target: 185, low: 150, high: 220, kind: 'soft', source: 'SSB (calibration 2.3)' },
  { id: '8', metric: 'short_sentence_share_of_entries', label: 'share of prison-sentence entries with sentence <= 3 months', target: 0.58, low: 0.45, high: 0.7, kind: 'soft', source: 'SSB 2010/2016 (calibration 2.4)' },
  { id: '9', metric: 'stock_share_sentence_1y_plus', label: 'stock share with sentences >= 1 year (excl. PD)', target: 0.69, low: 0.6, high: 0.78, kind: 'soft', source: 'SPACE 2018' },
  { id: '10', metric: 'occupancy_total', label: 'occupancy (2021-23 places)', target: 0.83, low: 0.76, high: 0.9, kind: 'hard', source: 'KDI' },
  { id: '10a', metric: 'occupancy_high', label: 'occupancy of high-security places', target: 0.83, low: 0.76, high: 0.9, kind: 'hard', source: 'KDI (the band of target 10, per level: issue 14)' },
  { id: '10b', metric: 'occupancy_low', label: 'occupancy of open (low-security) places', target: 0.83, low: 0.76, high: 0.9, kind: 'hard', source: 'KDI (the band of target 10, per level: issue 14)' },
  { id: '11', metric: 'sentence_queue_kdi', label: 'sentence queue, KDI definition (not started within 60 days of the judgment)', target: 150, low: 50, high: 350, kind: 'hard', source: 'KDI 2022-24' },
  { id: '12a', metric: 'population_em', label: 'EM active on a day', target: 430, low: 350, high: 500, kind: 'hard', source: 'KDI' },
  { id: '12b', metric: 'em_starts_per_year', label: 'EM starts per year', target: 3300, low: 2800, high: 3700, kind: 'hard', source: 'KDI' },
  { id: '13', metric: 'reconviction_2y', label: '2-year new prison sentence after release', target: 0.19, low: 0.14, high: 0.23, kind: 'hard', source: 'KDI 2015-17 releases' },
  { id: '14', metric: 'reconviction_any_2y', label: '2-year new correctional sentence (Retur definition)', target: 0.21, low: 0.17, high: 0.26, kind: 'hard', source: 'Retur 2010; KDI' },
  { id: '15', metric: 'reconviction_5y', label: '5-year new prison sentence', target: 0.32, low: 0.27, high: 0.37, kind: 'hard', source: 'KDI' },
  { id: '16', metric: 'reconviction_2y_year1_share', label: 'share of 2-year events in year 1', target: 0.7, low: 0.58, high: 0.8, kind: 'soft', source: 'calibration 2.8; BJS; Bra' },
  { id: '17', metric: 'reconviction_5y_high_to_low_ratio', label: '5-year reoffending, high vs low security releases', target: 1.9, low: 1.5, high: 2.3, kind: 'soft', source: 'KDI (selection, not causal)' },
  { id: '19a', metric: 'women_share_of_stock', label: 'women share of stock', target: 0.055, low: 0.04, high: 0.07, kind: 'hard', source: 'KDI' },
  { id: '19b', metric: 'foreign_share_of_stock', label: 'foreign share of stock', target: 0.27, low: 0.22, high: 0.31, kind: 'hard', source: 'KDI' },
  // The people it holds (issue 15 part 3; docs/model.md 2.12).
  { id: '19c', metric: 'foreign_share_of_remand', label: 'foreign share of the remand stock', target: 0.6, low: 0.5, high: 0.7, kind: 'hard', source: 'Meld. St. 12 (2014-2015) ch. 1: ~60% since 2010' },
  { id: '19d', metric: 'expulsions_per_year', label: 'foreign nationals expelled at release per year', target: 450, low: 250, high: 700, kind: 'soft', source: 'PU: 640 (2022), 641 (2023) people with a criminal sanction returned, fines and community sentences included' },
  { id: '19e', metric: 'occupancy_women', label: "occupancy of the women's places", target: 0.8, low: 0.65, high: 0.95, kind: 'soft', source: 'Bredtveit 71% (NRK 2021); Ravneberget 43 on 40 places (P4 2022)' },
  { id: '19f', metric: 'young_share_of_stock', label: 'share of the stock under 21', target: 0.05, low: 0.03, high: 0.09, kind: 'soft', source: 'SSB table 54: 15-20 years 5% of the stock (2005)' },
  // Daily activity (calibration sheet section 3, "in prison"; docs/rehabilitation-parameters.md section 1).
  { id: 'A1', metric: 'program_education_stock_share', label: 'share of the sentenced stock in education at a time', target: 0.33, low: 0.25, high: 0.45, kind: 'soft', source: 'TemaNord 2008:592 (about 1 in 3)' },
  { id: 'A2', metric: 'work_or_education_share', label: 'share of the sentenced stock in work or education (J)', target: 0.9, low: 0.8, high: 0.95, kind: 'soft', source: '(J) activity duty: almost everyone works or studies' },
  // Deaths in custody (issue 15 part 3; docs/model.md section 2.11).
  { id: 'H1', metric: 'suicides_per_year', label: 'suicides in custody per year', target: 4.5, low: 2, high: 8, kind: 'soft', source: 'KDI via VG 2018 (45 in 2008-17); Sivilombudet 2023 (25 in 2018-22)' },
  { id: 'H2', metric: 'suicides_on_remand_share', label: 'share of suicides in custody on remand', target: 0.9, low: 0.75, high: 0.97, kind: 'soft', source: 'KDI via VG 2018: about 90% of the suicides 2008-17 on remand' },
  { id: 'H3', metric: 'deaths_in_custody_per_year', label: 'deaths in custody per year, suicides included', target: 8.5, low: 5, high: 15, kind: 'soft', source: 'suicides 53% of deaths (Bukten & Stavseth 2021, via KROM 2024), with H1' },
  { id: '20', metric: 'prison_operating_cost_per_year_nok', label: 'yearly operating cost of prisons (places and staff)', target: 3.6e9, low: 3.0e9, high: 4.3e9, kind: 'soft', source: 'Meld. St. 39 unit costs' },
];

// Every target names a metric of the model's table (checked when this module loads).
metricList(...NORWAY_TARGETS.map((t) => t.metric));
