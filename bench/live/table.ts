/** The final table: each figure, its target, and PASS/MISS per column (a run per store, or one value). */

export interface Check {
  figure: string;
  target: string;
  /** One cell per column: the printed value and, when the figure has a target, whether it was met. */
  cells: Array<{ value: string; pass?: boolean }>;
  note?: string;
}

export function renderTable(columns: string[], checks: Check[]): string {
  const cell = (c: { value: string; pass?: boolean }) =>
    c.pass === undefined ? c.value : `${c.value} ${c.pass ? 'PASS' : 'MISS'}`;
  const rows = [['figure', 'target', ...columns], ...checks.map((c) => [c.figure, c.target, ...c.cells.map(cell)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const notes = checks.filter((c) => c.note).map((c) => `  * ${c.figure}: ${c.note}`);
  return [...out, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
export const num = (v: number, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
