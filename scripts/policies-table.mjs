// docs/policies.md from a `corrsim compare` of the baseline against every built-in policy
// (scripts/policies.sh runs both). Reads only comparison.json; every figure is a paired mean over
// the replications (policy − baseline, the same replication index: common random numbers) with
// its 95% Student-t interval, as `compare` computes it; the ratios carry Fieller's interval.
//
//   node scripts/policies-table.mjs outputs/policies/comparison.json [COMMIT] > docs/policies.md
import { readFileSync } from 'node:fs';

const [file, commit = 'unknown'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node scripts/policies-table.mjs COMPARISON_JSON [COMMIT]\n');
  process.exit(2);
}
const c = JSON.parse(readFileSync(file, 'utf8'));

const fmt = (x, digits) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace('-', '−');
const signed = (x, digits) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : (x > 0 ? '+' : '') + fmt(x, digits));
/** "−1.23 [−1.50, −0.96]" from a summary, each value × scale. */
const withCi = (s, digits, scale = 1) => {
  if (s === undefined || s === null || s.mean === null) return '–';
  const ci = s.ci95 === null ? '' : ` [${signed(s.ci95[0] * scale, digits)}, ${signed(s.ci95[1] * scale, digits)}]`;
  return `${signed(s.mean * scale, digits)}${ci}`;
};
const metric = (p, name, digits, scale = 1) => withCi(p.metrics[name]?.difference, digits, scale);
const quantity = (p, name, digits, scale = 1) => withCi(p.buys.quantities[name]?.paired, digits, scale);
const base = (name, digits, scale = 1) => {
  const first = c.comparisons[0]?.metrics[name];
  return first === undefined || first.baselineMean === null ? '–' : fmt(first.baselineMean * scale, digits);
};
const ratio = (p, name, digits, scale = 1) => {
  const r = p.buys.ratios[name];
  if (r === undefined || r.ratio.estimate === null) return '–';
  const ci = r.ratio.ci95 === null ? ' (interval unbounded)' : ` [${fmt(r.ratio.ci95[0] * scale, digits)}, ${fmt(r.ratio.ci95[1] * scale, digits)}]`;
  return `${fmt(r.ratio.estimate * scale, digits)}${ci}`;
};
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const policies = c.comparisons;
const described = new Map(c.policies.map((s) => [s.name, s.resolved.description ?? '']));
const perf = c.performance;
const out = [];
out.push(`# The built-in policies against the Norway baseline

Made by \`scripts/policies.sh\` (\`npm run policies\`); do not edit by hand. Every policy is run with
the baseline's seed and replications (common random numbers: the same people and random draws),
and every figure is the **paired** difference policy − baseline, the mean over the replications
with its 95% interval in brackets (Student-t over the paired differences; the ratios with Fieller's
interval, docs/costs.md §4). With few replications the intervals are wide and a sign can be
uncertain: rerun with more (\`N=20 scripts/policies.sh\`) before reading a small effect.

- corrsim ${c.corrsim}, commit \`${commit}\`
- seed ${c.seed}, **${c.replications} replications** per scenario, ${c.warmupYears} warm-up years, ${c.years} measured years${c.fixedEffects ? ', effect sizes fixed' : ', effect sizes drawn per replication'}${c.complete ? '' : ' — **incomplete: a replication failed**'}
- command: \`${c.command}\`
- ${Math.round(perf.events).toLocaleString('en-US')} events, ${fmt(perf.cpuSeconds, 0)} CPU s, ${fmt(perf.wallSeconds, 0)} s wall

## What each policy does

${table(
  ['policy', 'what it changes (its scenario file\'s description)'],
  policies.map((p) => [`\`${p.policy}\``, described.get(p.policy) ?? '']),
)}

## Outcomes (policy − baseline)

Reconviction in percentage points (a new prison sentence for an offence within 2 years of
release), populations in people on an average day, occupancy in percentage points, queues in
people (the lead-time queue counts everyone convicted and waiting at liberty; KDI's counts those
waiting more than 60 days since conviction).

${table(
  ['policy', 'reconviction 2 y, pp', 'population total', 'high security', 'open prisons', 'occupancy high, pp', 'occupancy open, pp', 'queue (lead time)', 'queue (KDI)'],
  [
    ['*baseline (mean)*', base('reconviction_2y', 2, 100) + '%', base('population_total', 0), base('population_high', 0), base('population_low', 0), base('occupancy_high', 1, 100) + '%', base('occupancy_low', 1, 100) + '%', base('sentence_queue', 0), base('sentence_queue_kdi', 0)],
    ...policies.map((p) => [
      `\`${p.policy}\``,
      metric(p, 'reconviction_2y', 2, 100),
      metric(p, 'population_total', 0),
      metric(p, 'population_high', 0),
      metric(p, 'population_low', 0),
      metric(p, 'occupancy_high', 1, 100),
      metric(p, 'occupancy_low', 1, 100),
      metric(p, 'sentence_queue', 0),
      metric(p, 'sentence_queue_kdi', 0),
    ]),
  ],
)}

Other outcomes: any new correctional sentence within 2 years and 5-year reconviction (pp), EM on an
average day, the share of the sentenced stock in education (pp), and the yearly budget
(\`cost_per_year_nok\`, places open with their staff, programmes, EM, community sentences; NOK
million).

${table(
  ['policy', 'reconviction any 2 y, pp', 'reconviction 5 y, pp', 'EM', 'education stock share, pp', 'budget, NOK M'],
  [
    ['*baseline (mean)*', base('reconviction_any_2y', 2, 100) + '%', base('reconviction_5y', 2, 100) + '%', base('population_em', 0), base('program_education_stock_share', 1, 100) + '%', base('cost_per_year_nok', 0, 1e-6)],
    ...policies.map((p) => [
      `\`${p.policy}\``,
      metric(p, 'reconviction_any_2y', 2, 100),
      metric(p, 'reconviction_5y', 2, 100),
      metric(p, 'population_em', 0),
      metric(p, 'program_education_stock_share', 1, 100),
      metric(p, 'cost_per_year_nok', 1, 1e-6),
    ]),
  ],
)}

## What each policy buys, per year (docs/costs.md)

Reconvictions avoided (baseline − policy; negative: reconvictions added), prison-years (policy −
baseline), the policy's cost (correctional spending at marginal prices, policy − baseline; negative:
a saving), the victim and police/court costs of the offences it avoids, the net benefit (benefits −
cost), the cost per reconviction avoided and the benefit–cost ratio (given only for a policy that
costs money; read a saving with the net benefit). NOK in millions a year.

${table(
  ['policy', 'reconvictions avoided', 'per 1,000 released', 'prison-years', 'cost, NOK M', 'benefits, NOK M', 'net benefit, NOK M', 'cost per reconviction avoided, NOK M', 'benefit–cost ratio'],
  policies.map((p) => [
    `\`${p.policy}\``,
    quantity(p, 'reconvictions_avoided_per_year', 1),
    quantity(p, 'reconvictions_avoided_per_1000_released', 2),
    quantity(p, 'prison_years_change_per_year', 0),
    quantity(p, 'cost_change_per_year_nok', 1, 1e-6),
    quantity(p, 'benefits_per_year_nok', 1, 1e-6),
    quantity(p, 'net_benefit_per_year_nok', 1, 1e-6),
    ratio(p, 'cost_per_reconviction_avoided_nok', 2, 1e-6),
    ratio(p, 'benefit_cost_ratio', 3),
  ]),
)}

The chance that benefits exceed costs (the share of replications with a positive net benefit):
${policies.map((p) => `\`${p.policy}\` ${fmt(100 * (p.buys.quantities.net_benefit_per_year_nok?.shareBetter ?? NaN), 0)}%`).join(', ')}.
`);
process.stdout.write(out.join('\n'));
