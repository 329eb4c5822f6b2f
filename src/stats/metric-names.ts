/**
 * The upper floors' one way to name a metric: by the model's table of metrics (METRICS in
 * src/model/metrics.ts), never by a free string. A list of metric names is made with `metricList`,
 * which checks every name against the table when its module loads, so a misspelt or removed
 * metric is a start-up error naming it, not a silent "n/a" in a report.
 */
import { METRICS, type MetricInfo, type MetricName } from '../model/metrics.js';

/** A metric's name as the model's table declares it: the union of its names, so the compiler checks every list too. */
export type { MetricName };

const BY_NAME: ReadonlyMap<string, MetricInfo> = new Map(METRICS.map((m) => [m.name, m]));

/** True when the model's table has a metric of this name. */
export function isMetricName(name: string): name is MetricName {
  return BY_NAME.has(name);
}

/** The names given, in order, after checking each against the model's table (a bug if one is not there). */
export function metricList<const T extends readonly MetricName[]>(...names: T): T {
  for (const name of names) {
    if (!BY_NAME.has(name)) throw new Error(`metricList: ${JSON.stringify(name)} is not a metric of the model (src/model/metrics.ts)`);
  }
  return names;
}

/** The table's entry of a metric; a bug if there is none. */
export function metricInfo(name: MetricName): MetricInfo {
  const info = BY_NAME.get(name);
  if (info === undefined) throw new Error(`metricInfo: ${JSON.stringify(name)} is not a metric of the model (src/model/metrics.ts)`);
  return info;
}

/** The unit of a metric as the table gives it ('share', 'people', 'NOK/year', …); '' for a name the table does not have (a metric the model reported beyond it). */
export function metricUnit(name: string): string {
  return BY_NAME.get(name)?.unit ?? '';
}

/** Every metric's name, in the table's (report) order. */
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
