/** Ordering by health, shared by the server and the web app (the rules that set health are in the domain). */
import type { HealthLevel, SessionHealth } from './session';

const RANK: Record<HealthLevel, number> = { critical: 0, warning: 1, ok: 2 };

/** Orders sessions that need attention first (critical, then warning); equal ones compare 0, so a stable sort keeps their order. */
export function byAttention(a: { health?: SessionHealth }, b: { health?: SessionHealth }): number {
  return RANK[a.health?.level ?? 'ok'] - RANK[b.health?.level ?? 'ok'];
}
