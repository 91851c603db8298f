/** Time and ids come in from outside so domain code stays pure and tests stay deterministic. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
