/** comparison.csv: one row per policy and metric (tidy, for R or pandas). */
import type { Comparison } from '../../studies/compare.js';
import { csvText, type CsvValue } from '../csv.js';

/**
 * comparison.csv: one row per policy and metric (tidy, for R or pandas), then per policy what it
 * buys: the paired quantities of docs/costs.md (`difference` holds the paired mean, e.g. the
 * reconvictions avoided) and the ratios (`difference` holds the ratio, the interval Fieller's; empty when unbounded).
 */
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
    // What the policy buys (docs/costs.md): each quantity as its name says (avoided = baseline − policy), then the ratios.
    for (const [name, q] of Object.entries(c.buys.quantities)) {
      const p = q.paired;
      rows.push([c.policy, name, q.baselineMean, q.policyMean, p.mean, p.ci95?.[0], p.ci95?.[1], null, q.shareBetter, p.n]);
    }
    for (const [name, r] of Object.entries(c.buys.ratios)) {
      rows.push([c.policy, name, null, null, r.ratio.estimate, r.ratio.ci95?.[0], r.ratio.ci95?.[1], null, null, r.ratio.n]);
    }
  }
  return csvText(
    ['policy', 'metric', 'baseline_mean', 'policy_mean', 'difference', 'ci_low', 'ci_high', 'relative', 'share_better', 'n'],
    rows,
  );
}
