/** comparison.csv: one row per policy and metric (tidy, for R or pandas). */
import type { Comparison } from '../../studies/compare.js';
import { csvText, type CsvValue } from '../csv.js';

/** comparison.csv: one row per policy and metric (tidy, for R or pandas). */
export function comparisonCsv(comparison: Comparison): string {
  const rows: CsvValue[][] = [];
  for (const c of comparison.comparisons) {
    for (const [metric, m] of Object.entries(c.metrics)) {
      rows.push([
        c.policy,
        metric,
        m.baselineMean,
        m.policyMean,
        m.difference.mean,
        m.difference.ci95?.[0],
        m.difference.ci95?.[1],
        m.relative,
        m.shareBetter,
        m.difference.n,
      ]);
    }
  }
  return csvText(
    ['policy', 'metric', 'baseline_mean', 'policy_mean', 'difference', 'ci_low', 'ci_high', 'relative', 'share_better', 'n'],
    rows,
  );
}
