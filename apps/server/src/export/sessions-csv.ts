/**
 * The history list as CSV (`GET /api/sessions/export.csv`): one row per session, cells quoted as RFC 4180 says
 * (a cell with a comma, a quote, CR or LF is quoted, its quotes doubled; rows end in CRLF), and guarded against
 * spreadsheet formula injection: a cell beginning with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` — unless the
 * whole cell is a phone number (`+` and 1–20 digits, nothing else), which is data a spreadsheet cannot run.
 */
import type { HistoryItem } from '@livespace/protocol';

/** The header row's names, in column order. */
export const CSV_COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'duration_seconds',
  'channel',
  'direction',
  'caller_number',
  'caller_name',
  'agent_id',
  'agent_name',
  'state',
  'outcome',
  'end_reason',
  'escalated_queue',
  'escalation_status',
  'handled_by',
  'campaign_id',
  'campaign_name',
  'health',
  'health_reasons',
  'summary',
  'sentiment',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const PHONE = /^\+\d{1,20}$/;

/** One cell, guarded and quoted as needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s) && !PHONE.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvRow = (cells: ReadonlyArray<string | number | null | undefined>): string =>
  `${cells.map(csvCell).join(',')}\r\n`;

export const csvHeader = (): string => csvRow(CSV_COLUMNS);

/** A session's row, in CSV_COLUMNS order. */
export function sessionCsvRow(s: HistoryItem): string {
  const held = [s.escalation?.claimedBy?.name, s.takenOverBy?.name].filter((n): n is string => !!n);
  return csvRow([
    s.id,
    s.startedAt,
    s.endedAt,
    s.durationMs === null ? null : Math.round(s.durationMs / 1000),
    s.channel,
    s.direction,
    s.callerNumber,
    s.callerName ?? null,
    s.agentId,
    s.agentName,
    s.state,
    s.outcome ?? null,
    s.endReason,
    s.escalation?.queue ?? null,
    s.escalation?.status ?? null,
    [...new Set(held)].join('; ') || null,
    s.outbound?.campaignId ?? null,
    s.outbound?.campaignName ?? null,
    s.health?.level ?? null,
    s.health?.reasons.map((r) => r.code).join('; ') || null,
    s.summary?.text ?? null,
    s.summary?.sentiment ?? null,
  ]);
}
