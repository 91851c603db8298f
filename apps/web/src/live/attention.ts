/**
 * Sessions that need attention: which do, in what words, and the list order that puts them first (critical, then
 * warning).
 */
import { byAttention } from '@livespace/protocol/health';
import type { HealthLevel, SessionHealth, SessionSummary } from '@livespace/protocol/session';

/** What a level is called on screen; ok is never shown. */
export const HEALTH_LABEL: Record<Exclude<HealthLevel, 'ok'>, string> = {
  critical: 'Critical',
  warning: 'Needs attention',
};

/** True for warning and critical sessions: the rule the server's `sessions` views count by. */
export { needsAttention } from '@livespace/protocol/sessions-view';

/**
 * "Critical: Nobody has spoken for over 30 s; The AI took 4.2 s to answer" (worst reasons first): the mark's accessible
 * name.
 */
export function describeHealth(h: SessionHealth | undefined): string {
  if (!h || h.level === 'ok') return '';
  const why = reasonsWorstFirst(h)
    .map((r) => r.text)
    .join('; ');
  return why ? `${HEALTH_LABEL[h.level]}: ${why}` : HEALTH_LABEL[h.level];
}

/** Reasons worst first (critical before warning), otherwise in the server's order. */
export function reasonsWorstFirst(h: SessionHealth): SessionHealth['reasons'] {
  return [...h.reasons].sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
}

/** Critical rows first, then warning, then the rest; a stable sort, so within a level the order given is kept. */
export function orderByAttention<R extends { summary: SessionSummary }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => byAttention(a.summary, b.summary));
}
