/**
 * The baseline scaled down about fourfold with --set, and a short horizon: a replication of it
 * takes a fraction of a second, for tests of compare and sweep through the real model.
 */
export const SMALL = [
  '--years', '2',
  '--warmup-years', '2',
  '--set', 'population.newCasesPerYear=1200',
  '--set', 'facilities.0.capacity=190',
  '--set', 'facilities.1.capacity=410',
  '--set', 'facilities.2.capacity=280',
  '--set', 'facilities.3.capacity=40',
  '--set', 'facilities.4.capacity=10',
  '--set', 'facilities.5.capacity=20',
  '--set', 'facilities.6.capacity=18',
  '--set', 'electronicMonitoring.capacity=125',
];
