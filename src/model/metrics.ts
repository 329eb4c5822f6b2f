/**
 * The table of metrics: every scalar metric a replication reports, declared once with its unit,
 * its description and how it is computed from the measured period. Reports, CSV tables,
 * summary.json and docs/metrics.md take their names, order and words from this table (through
 * `stats/metric-names.ts` on the upper floors); `computeMetrics` (measure.ts) computes exactly
 * these, in this order. NaN means "not measurable in this run" (e.g. no releases).
 *
 * A new metric: an entry here (what it is computed from goes in `Measured`, measure.ts, if it
 * is not there yet), its full definition in docs/model.md section 3, then
 * `DOCS_UPDATE=1 npx vitest run test/docs` to write docs/metrics.md.
 */
import { Slot } from './measurements.js';
import type { Measured } from './measure.js';
import { DAYS_PER_YEAR, LEVEL_INDEX, PROGRAMS } from './params.js';
import { Status } from './person.js';

export interface MetricInfo {
  name: string;
  description: string;
  unit: string;
}

/** A metric of the table: its words, and its value in one replication. */
export interface MetricDefinition extends MetricInfo {
  compute(x: Measured): number;
}

/** a / b, or NaN when there is nothing to divide by. */
export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : NaN;
}

/** Hundreds of inmate-years in a number of person-days. */
const inmateHundredYears = (personDays: number) => personDays / DAYS_PER_YEAR / 100;

/** Person-days of the sentenced stock (ordinary prison sentences and preventive detention) holding a place. */
const sentencedStockDays = (x: Measured) => x.area[Slot.SentencedStock] + x.area[Slot.PreventiveDetention];

/** Stock share, waitlist, waits, completions and interruptions of a programme (k: its index in PROGRAMS). */
function programMetrics<const N extends (typeof PROGRAMS)[number]>(name: N, k: number) {
  return [
    {
      name: `program_${name}_stock_share` as const,
      unit: 'share',
      description: `average share of the sentenced stock enrolled in ${name}`,
      compute: (x: Measured) => ratio(x.area[Slot.ProgramEnrolled + k], sentencedStockDays(x)),
    },
    {
      name: `program_${name}_waitlist_mean` as const,
      unit: 'people',
      description: `average number on the ${name} waitlists`,
      compute: (x: Measured) => x.average(Slot.ProgramWaiting + k),
    },
    {
      name: `program_${name}_wait_days_mean` as const,
      unit: 'days',
      description: `mean days waited for a place in ${name} per new enrolment (0 for those who start at once)`,
      compute: (x: Measured) => ratio(x.flows.programWaitDays[k], x.flows.programEnrolments[k]),
    },
    {
      name: `program_${name}_completed_per_year` as const,
      unit: 'people/year',
      description: `${name} programmes completed`,
      compute: (x: Measured) => x.perYear(x.flows.programCompleted[k]),
    },
    {
      name: `program_${name}_interrupted_per_year` as const,
      unit: 'people/year',
      description: `${name} programmes interrupted by a transfer or release`,
      compute: (x: Measured) => x.perYear(x.flows.programInterrupted[k]),
    },
  ];
}

/** Every scalar metric a replication reports, in report order. */
export const METRICS = [
  {
    name: 'population_total',
    unit: 'people',
    description: 'average daily number held in prison (remand + high + low + halfway house)',
    compute: (x) => x.prisonHeld / x.days,
  },
  {
    name: 'population_remand',
    unit: 'people',
    description: 'average daily number held in remand units (pretrial, or sentenced awaiting transfer)',
    compute: (x) => x.held.remand / x.days,
  },
  {
    name: 'population_high',
    unit: 'people',
    description: 'average daily number in high security',
    compute: (x) => x.held.high / x.days,
  },
  {
    name: 'population_low',
    unit: 'people',
    description: 'average daily number in low security (open prisons)',
    compute: (x) => x.held.low / x.days,
  },
  {
    name: 'population_halfway',
    unit: 'people',
    description: 'average daily number in halfway houses',
    compute: (x) => x.held.halfway / x.days,
  },
  {
    name: 'population_em',
    unit: 'people',
    description: 'average daily number serving with electronic monitoring',
    compute: (x) => x.average(Status.Em),
  },
  {
    name: 'population_community_sentence',
    unit: 'people',
    description: 'average daily number serving a community sentence',
    compute: (x) => x.average(Status.Community),
  },
  {
    name: 'population_preventive_detention',
    unit: 'people',
    description: 'average daily number in preventive detention (forvaring)',
    compute: (x) => x.average(Slot.PreventiveDetention),
  },
  {
    name: 'remand_share',
    unit: 'share',
    description: 'share of the prison population held on remand (pretrial)',
    compute: (x) => ratio(x.area[Status.Remand], x.prisonHeld),
  },
  {
    name: 'sentence_queue',
    unit: 'people',
    description: 'average number convicted and waiting at liberty to serve',
    compute: (x) => x.average(Status.Queue),
  },
  {
    name: 'sentence_queue_kdi',
    unit: 'people',
    description: "average number in the sentence queue more than 60 days after conviction (KDI's definition of the queue)",
    compute: (x) => x.average(Slot.KdiQueue),
  },
  {
    name: 'police_cell_population',
    unit: 'people',
    description: 'average number in police cells for want of a remand place',
    compute: (x) => x.average(Status.PoliceCell),
  },
  {
    name: 'occupancy_total',
    unit: 'share',
    description: 'average occupied share of all prison places',
    compute: (x) => ratio(x.prisonHeld, x.prisonPlaces),
  },
  {
    name: 'occupancy_remand',
    unit: 'share',
    description: 'average occupied share of remand places',
    compute: (x) => ratio(x.held.remand, x.places.remand),
  },
  {
    name: 'occupancy_high',
    unit: 'share',
    description: 'average occupied share of high-security places',
    compute: (x) => ratio(x.held.high, x.places.high),
  },
  {
    name: 'occupancy_low',
    unit: 'share',
    description: 'average occupied share of low-security places',
    compute: (x) => ratio(x.held.low, x.places.low),
  },
  {
    name: 'occupancy_halfway',
    unit: 'share',
    description: 'average occupied share of halfway-house places',
    compute: (x) => ratio(x.held.halfway, x.places.halfway),
  },
  {
    name: 'police_cell_overflow_days_per_year',
    unit: 'days/year',
    description: 'person-days in police cells for want of a remand place, per year',
    compute: (x) => x.perYear(x.area[Status.PoliceCell]),
  },
  {
    name: 'police_cell_stays_over_limit_per_year',
    unit: 'stays/year',
    description: 'police-cell stays longer than the legal limit (48 h), per year',
    compute: (x) => x.perYear(x.flows.policeCellOverLimit),
  },
  {
    name: 'admissions_per_year',
    unit: 'people/year',
    description: 'entries into prison (remand, or to serve from liberty)',
    compute: (x) => x.perYear(x.flows.remandAdmissions + x.flows.sentenceAdmissionsFromLiberty),
  },
  {
    name: 'remand_admissions_per_year',
    unit: 'people/year',
    description: 'new remand admissions',
    compute: (x) => x.perYear(x.flows.remandAdmissions),
  },
  {
    name: 'sentence_admissions_from_liberty_per_year',
    unit: 'people/year',
    description: 'admissions to serve a prison sentence from liberty (excl. transfers from remand)',
    compute: (x) => x.perYear(x.flows.sentenceAdmissionsFromLiberty),
  },
  {
    name: 'remand_to_sentence_transfers_per_year',
    unit: 'people/year',
    description: 'remand stays ending in a direct transfer to serve',
    compute: (x) => x.perYear(x.flows.remandToSentence),
  },
  {
    name: 'releases_per_year',
    unit: 'people/year',
    description: 'releases from prison to the community (remand, and sentences ending in prison or on back-door EM)',
    compute: (x) => x.perYear(x.flows.releasesFromRemand + x.flows.sentencedReleases),
  },
  {
    name: 'sentenced_releases_per_year',
    unit: 'people/year',
    description: 'releases at the end of a prison sentence (incl. the last part on EM)',
    compute: (x) => x.perYear(x.flows.sentencedReleases),
  },
  {
    name: 'parole_grants_per_year',
    unit: 'people/year',
    description: 'conditional releases granted (prison and EM at home)',
    compute: (x) => x.perYear(x.flows.paroleGrants),
  },
  {
    name: 'parole_share_of_releases',
    unit: 'share',
    description: 'share of releases at the end of a prison sentence that were on parole',
    compute: (x) => ratio(x.flows.paroleGrantsFromPrison, x.flows.sentencedReleases),
  },
  {
    name: 'transfers_per_year',
    unit: 'moves/year',
    description: 'moves between levels (step-down, halfway house, back-door EM, moves up)',
    compute: (x) => x.perYear(x.flows.transfers),
  },
  {
    name: 'em_starts_per_year',
    unit: 'people/year',
    description: 'starts of electronic monitoring (front door and back door)',
    compute: (x) => x.perYear(x.flows.emStarts),
  },
  {
    name: 'community_sentence_starts_per_year',
    unit: 'people/year',
    description: 'community sentences started',
    compute: (x) => x.perYear(x.flows.communityStarts),
  },
  {
    name: 'community_sentences_over_caseload_per_year',
    unit: 'people/year',
    description: 'community sentences started while the probation caseload was full',
    compute: (x) => x.perYear(x.flows.communityOverCaseload),
  },
  {
    name: 'mean_time_served_days',
    unit: 'days',
    description: 'per sentenced release, days in prison after sentencing (remand days credited, not counted; EM excluded)',
    compute: (x) => ratio(x.flows.servedDays, x.flows.sentencedReleases),
  },
  {
    name: 'mean_remand_stay_days',
    unit: 'days',
    description: 'per finished remand stay, days',
    compute: (x) => ratio(x.flows.remandStayDays, x.flows.remandStays),
  },
  {
    name: 'queue_wait_days_mean',
    unit: 'days',
    description: 'mean time from conviction at liberty to admission to prison (EM at home excluded), over waits that ended',
    compute: (x) => ratio(x.flows.queueWaitDays, x.flows.queueWaits),
  },
  {
    name: 'queue_waited_share',
    unit: 'share',
    description: 'share of admissions from liberty with any time between conviction and admission (the probability of waiting when there is no call-in lead time)',
    compute: (x) => ratio(x.flows.queueWaitsPositive, x.flows.queueWaits),
  },
  {
    name: 'queue_wait_over_60d_share',
    unit: 'share',
    description: 'share of those called in from liberty who waited more than 60 days',
    compute: (x) => ratio(x.flows.queueWaitsOver60, x.flows.queueWaits),
  },
  {
    name: 'cross_level_starts_per_year',
    unit: 'people/year',
    description: 'people assigned open prison who started in high security for want of an open place (cross-level placement)',
    compute: (x) => x.perYear(x.flows.crossLevelStarts),
  },
  {
    name: 'cross_level_start_share',
    unit: 'share',
    description: 'share of the starts of serving by people assigned open prison that were in high security (cross-level)',
    compute: (x) => ratio(x.flows.crossLevelStarts, x.flows.lowAssignedStarts),
  },
  {
    name: 'cross_level_moves_to_low_per_year',
    unit: 'moves/year',
    description: 'cross-level starters moved on from high security to the open prison assigned',
    compute: (x) => x.perYear(x.flows.crossLevelMovesToLow),
  },
  {
    name: 'cross_level_wait_days_mean',
    unit: 'days',
    description: 'mean days a cross-level starter spent in high security before moving on to open, over moves that happened',
    compute: (x) => ratio(x.flows.crossLevelWaitDays, x.flows.crossLevelMovesToLow),
  },
  {
    name: 'short_sentence_share_of_entries',
    unit: 'share',
    description: 'share of prison-sentence entries with a sentence of at most 3 months',
    compute: (x) => ratio(x.flows.prisonEntriesShort, x.flows.prisonEntries),
  },
  {
    name: 'stock_share_sentence_1y_plus',
    unit: 'share',
    description: 'share of the sentenced stock (excl. preventive detention) with sentences of a year or more',
    compute: (x) => ratio(x.area[Slot.SentencedLongStock], x.area[Slot.SentencedStock]),
  },
  {
    name: 'women_share_of_stock',
    unit: 'share',
    description: 'share of women in the prison population',
    compute: (x) => ratio(x.area[Slot.Women], x.prisonHeld),
  },
  {
    name: 'foreign_share_of_stock',
    unit: 'share',
    description: 'share of foreign nationals in the prison population',
    compute: (x) => ratio(x.area[Slot.Foreign], x.prisonHeld),
  },
  // The people it holds (issue 15 part 3).
  {
    name: 'foreign_share_of_remand',
    unit: 'share',
    description: 'share of foreign nationals among those held on remand (pretrial)',
    compute: (x) => ratio(x.area[Slot.ForeignRemand], x.area[Status.Remand]),
  },
  {
    name: 'expulsions_per_year',
    unit: 'people/year',
    description: 'foreign nationals expelled from Norway at release from a sentence (they leave the model)',
    compute: (x) => x.perYear(x.flows.expulsions),
  },
  {
    name: 'occupancy_women',
    unit: 'share',
    description: "occupancy of the women's places (women's facilities of every level), NaN without any",
    compute: (x) => ratio(x.womenPlacesHeld, x.womenPlaces),
  },
  {
    name: 'women_queue_wait_days_mean',
    unit: 'days',
    description: 'mean days from conviction at liberty to the start of serving, for women',
    compute: (x) => ratio(x.flows.womenQueueWaitDays, x.flows.womenQueueWaits),
  },
  {
    name: 'young_share_of_stock',
    unit: 'share',
    description: 'share of the prison population under 21 when they took their place (young adults, 18-20)',
    compute: (x) => ratio(x.area[Slot.Young], x.prisonHeld),
  },
  {
    name: 'education_completion_rate',
    unit: 'share',
    description: 'share of sentenced releases who completed an education programme inside',
    compute: (x) => ratio(x.flows.releasedEducationCompleted, x.flows.sentencedReleases),
  },
  {
    name: 'education_ever_enrolled_rate',
    unit: 'share',
    description: 'share of sentenced releases who were enrolled in education at some time during the stay',
    compute: (x) => ratio(x.flows.releasedEducationEnrolled, x.flows.sentencedReleases),
  },
  {
    name: 'education_enrolled_share',
    unit: 'share',
    description: 'average share of sentenced inmates enrolled in education',
    compute: (x) => ratio(x.area[Slot.EducationEnrolled], x.area[Slot.SentencedStock] + x.area[Slot.PreventiveDetention]),
  },
  {
    name: 'work_or_education_share',
    unit: 'share',
    description: 'average share of the sentenced stock in work or education (or both)',
    compute: (x) => ratio(x.area[Slot.WorkOrEducation], sentencedStockDays(x)),
  },
  {
    name: 'treatment_completion_rate',
    unit: 'share',
    description: 'share of sentenced releases who completed addiction treatment inside',
    compute: (x) => ratio(x.flows.releasedTreatmentCompleted, x.flows.sentencedReleases),
  },
  {
    name: 'housed_at_release_rate',
    unit: 'share',
    description: 'share of sentenced releases with housing',
    compute: (x) => ratio(x.flows.releasedHoused, x.flows.sentencedReleases),
  },
  {
    name: 'employed_at_release_rate',
    unit: 'share',
    description: 'share of sentenced releases with a job or education place',
    compute: (x) => ratio(x.flows.releasedEmployed, x.flows.sentencedReleases),
  },
  {
    name: 'incidents_per_100_inmate_years',
    unit: 'per 100 inmate-years',
    description: 'violence and serious incidents',
    compute: (x) => ratio(x.flows.incidentsByLevel.reduce((a, b) => a + b, 0), inmateHundredYears(x.prisonHeld)),
  },
  {
    name: 'incidents_high_per_100_inmate_years',
    unit: 'per 100 inmate-years',
    description: 'incidents in high security',
    compute: (x) => ratio(x.flows.incidentsByLevel[LEVEL_INDEX.high], inmateHundredYears(x.held.high)),
  },
  {
    name: 'incidents_low_per_100_inmate_years',
    unit: 'per 100 inmate-years',
    description: 'incidents in low security',
    compute: (x) => ratio(x.flows.incidentsByLevel[LEVEL_INDEX.low], inmateHundredYears(x.held.low)),
  },
  {
    name: 'reconviction_1y',
    unit: 'share',
    description: 'share of a release cohort with a new prison sentence for an offence within 1 year',
    compute: (x) => x.reconvictedWithin(1, null, false),
  },
  {
    name: 'reconviction_2y',
    unit: 'share',
    description: 'share of a release cohort with a new prison sentence for an offence within 2 years',
    compute: (x) => x.reconvictedWithin(2, null, false),
  },
  {
    name: 'reconviction_5y',
    unit: 'share',
    description: 'share of a release cohort with a new prison sentence for an offence within 5 years',
    compute: (x) => x.reconvictedWithin(5, null, false),
  },
  {
    name: 'reconviction_any_2y',
    unit: 'share',
    description: 'the same with any new correctional sentence (prison, EM or community), within 2 years',
    compute: (x) => x.reconvictedWithin(2, null, true),
  },
  {
    name: 'reconviction_2y_year1_share',
    unit: 'share',
    description: 'share of the 2-year reconvictions whose offence fell in year 1',
    compute: (x) => x.reconvictedInYear1Share(),
  },
  {
    name: 'reconviction_5y_high_to_low_ratio',
    unit: 'ratio',
    description: '5-year reconviction of releases from high security over those from low security',
    compute: (x) => ratio(x.reconvictedWithin(5, LEVEL_INDEX.high, false), x.reconvictedWithin(5, LEVEL_INDEX.low, false)),
  },
  {
    name: 'cost_per_year_nok',
    unit: 'NOK/year',
    description: 'total yearly cost: places, staff, programmes, EM, community sentences',
    compute: (x) => x.cost.total,
  },
  {
    name: 'prison_operating_cost_per_year_nok',
    unit: 'NOK/year',
    description: 'yearly operating cost of the prisons alone: places and their staff',
    compute: (x) => x.cost.prison,
  },
  {
    name: 'offences_while_waiting_per_year',
    unit: 'offences/year',
    description: 'new offences by people waiting at liberty to serve (when switched on)',
    compute: (x) => x.perYear(x.flows.offencesWhileWaiting),
  },
  {
    name: 'valve_on_days',
    unit: 'days',
    description: 'days the valves were on in the measured period, summed over the valves (0 without valves)',
    compute: (x) => x.valves.onDays,
  },
  {
    name: 'valve_switches_on',
    unit: 'switches',
    description: 'times a valve switched on in the measured period, summed over the valves',
    compute: (x) => x.valves.switchesOn,
  },
  {
    name: 'valve_switches_off',
    unit: 'switches',
    description: 'times a valve switched off in the measured period, summed over the valves',
    compute: (x) => x.valves.switchesOff,
  },
  {
    name: 'early_releases_per_year',
    unit: 'people/year',
    description: 'prison sentences released early by an early-release valve',
    compute: (x) => x.perYear(x.flows.earlyReleases),
  },
  {
    name: 'early_release_days_per_year',
    unit: 'days/year',
    description: 'days of prison sentences not served because of an early-release valve',
    compute: (x) => x.perYear(x.flows.earlyReleaseDays),
  },
  {
    name: 'double_celled_person_days_per_year',
    unit: 'person-days/year',
    description: 'person-days above the ordinary places of a facility, in double-cell places a valve opened',
    compute: (x) => x.perYear(x.area[Slot.DoubleCelled]),
  },
  {
    name: 'temp_places',
    unit: 'places',
    description: 'average temporary or rented places a valve put in force',
    compute: (x) => x.average(Slot.TempPlaces),
  },
  // Issue 15 part 3 (health): family contact, continued care, deaths in custody.
  {
    name: 'family_contact_kept_rate',
    unit: 'share',
    description: 'share of sentenced releases who kept family contact through the stay',
    compute: (x) => ratio(x.flows.releasedFamilyContact, x.flows.sentencedReleases),
  },
  {
    name: 'continued_care_at_release_rate',
    unit: 'share',
    description: 'share of sentenced releases with treatment or psychiatric care arranged at release',
    compute: (x) => ratio(x.flows.releasedWithContinuedCare, x.flows.sentencedReleases),
  },
  {
    name: 'continued_care_among_in_need_rate',
    unit: 'share',
    description: 'among sentenced releases with a substance-use disorder or serious mental illness, the share with care arranged at release',
    compute: (x) => ratio(x.flows.releasedWithContinuedCare, x.flows.releasedInNeedOfCare),
  },
  {
    name: 'deaths_in_custody_per_year',
    unit: 'deaths/year',
    description: 'deaths of people holding a place (remand, high, low, halfway), suicides included',
    compute: (x) => x.perYear(x.flows.deathsInCustody),
  },
  {
    name: 'suicides_per_year',
    unit: 'deaths/year',
    description: 'suicides of people holding a place',
    compute: (x) => x.perYear(x.flows.suicidesInCustody),
  },
  {
    name: 'suicides_on_remand_share',
    unit: 'share',
    description: 'share of suicides in custody that happened on pretrial remand',
    compute: (x) => ratio(x.flows.suicidesOnRemand, x.flows.suicidesInCustody),
  },
  {
    name: 'deaths_in_custody_per_10000_inmate_years',
    unit: 'per 10,000 inmate-years',
    description: 'deaths in custody per 10,000 inmate-years held',
    compute: (x) => ratio(x.flows.deathsInCustody, inmateHundredYears(x.prisonHeld) / 100),
  },
  {
    name: 'suicides_per_10000_inmate_years',
    unit: 'per 10,000 inmate-years',
    description: 'suicides in custody per 10,000 inmate-years held',
    compute: (x) => ratio(x.flows.suicidesInCustody, inmateHundredYears(x.prisonHeld) / 100),
  },
  ...PROGRAMS.flatMap((name, k) => programMetrics(name, k)),
] as const satisfies readonly MetricDefinition[];

/** A metric's name, as the table declares it: the compiler checks every name the code writes. */
export type MetricName = (typeof METRICS)[number]['name'];
