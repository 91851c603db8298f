/**
 * What every bench shares so it cannot rot unseen: `--smoke` (the same code paths with a tiny load for a few
 * seconds, run by tests/bench/benchmarks-smoke.test.ts), a hard time limit, and the rule that a bench which
 * measured nothing fails. Smoke mode judges that the bench works, never the targets: a figure missing its
 * target still exits 0 there (and in the full modes, which print PASS/MISS and leave judging to the reader).
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The option spec every bench adds to its parseArgs options. */
export const SMOKE_OPTION = { smoke: { type: 'boolean', default: false } } as const;

/** An option's value: as given, else the full or the smoke default. */
export function pick(given: string | undefined, full: string, smoke: string, isSmoke: boolean): string {
  return given ?? (isSmoke ? smoke : full);
}

/**
 * Ends the process after `seconds` whatever happens (exit 2), after `onLimit` (e.g. printing what was measured);
 * and on SIGINT/SIGTERM.
 * Smoke runs get a tighter limit: a hang must fail well inside the smoke test's own timeout.
 */
export function hardLimit(bench: string, seconds: number, onLimit?: () => void): void {
  // Stopped from outside (bench/run.ts's limit, a test's timeout, Ctrl-C): exit through process.exit, so the exit
  // hooks stop the server processes (bench/live/server-process.ts) instead of leaving them behind.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  setTimeout(() => {
    console.error(`${bench}: over its ${Math.round(seconds)} s limit, giving up`);
    try {
      onLimit?.();
    } finally {
      process.exit(2);
    }
  }, seconds * 1000).unref();
}

/**
 * True when every count is a positive number; otherwise says which came out empty (stderr) and returns false.
 * A bench that measured nothing did not run, whatever its table says: the caller exits non-zero.
 */
export function measuredSomething(bench: string, counts: Record<string, number>): boolean {
  const empty = Object.entries(counts)
    .filter(([, n]) => !(Number.isFinite(n) && n > 0))
    .map(([what, n]) => `${what} = ${n}`);
  if (empty.length) console.error(`${bench}: nothing measured (${empty.join(', ')}): the bench did not run`);
  return empty.length === 0;
}

/** Where a bench writes its records: bench/results/, or in smoke mode a temporary folder removed at exit. */
export function resultsDir(isSmoke: boolean): string {
  if (!isSmoke) {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const dir = mkdtempSync(join(tmpdir(), 'livespace-bench-smoke-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The banner smoke runs print first, so a reader never takes their figures for real ones. */
export function smokeBanner(bench: string): void {
  console.log(
    `${bench}: SMOKE RUN (--smoke): a tiny load for a few seconds, to check the bench works; its figures are not the bench's`,
  );
}
