/**
 * Textbook queueing results the model is checked against when it is configured as a plain queue.
 */

/** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ < c. */
export function erlangC(servers: number, offeredLoad: number): number {
  const c = servers;
  const a = offeredLoad;
  if (!(a < c)) return 1;
  // Erlang B by its stable recursion, then C = B / (1 − ρ(1 − B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

export interface MmcResult {
  /** Probability of waiting. */
  waitProbability: number;
  /** Mean wait in the queue. */
  meanWait: number;
  /** Mean number waiting. */
  meanQueue: number;
  /** Mean number in service. */
  meanInService: number;
}

/** Steady-state M/M/c figures for arrival rate λ and service rate μ (any one time unit). */
export function mmc(servers: number, arrivalRate: number, serviceRate: number): MmcResult {
  const a = arrivalRate / serviceRate;
  const p = erlangC(servers, a);
  const meanWait = p / (servers * serviceRate - arrivalRate);
  return { waitProbability: p, meanWait, meanQueue: arrivalRate * meanWait, meanInService: a };
}
