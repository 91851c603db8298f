/** Which waiting escalation comes first: the highest priority, then the longest wait. */
import type { Priority } from '@livespace/protocol';

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { urgent: 3, high: 2, normal: 1, low: 0 };

export interface Orderable {
  priority: Priority;
  waitingSince: string;
  id: string;
}

/**
 * Sort comparator: urgent before high before normal before low; within a priority, the oldest first (then by id, so the
 * order is total).
 */
export function compareEscalations(a: Orderable, b: Orderable): number {
  return (
    PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
    Date.parse(a.waitingSince) - Date.parse(b.waitingSince) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
