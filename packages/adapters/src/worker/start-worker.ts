/** Starts a worker thread on a module beside the caller, also when that module is TypeScript run through tsx. */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The worker file `name` next to the module at `base` (its `import.meta.url`), as the same kind of file (.ts under tsx,
 * .js once compiled).
 */
export function workerUrl(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

export function startWorker(url: URL, opts: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, opts);
  // Node 20 does not apply `--import tsx` hooks to a worker's entry file, even when inherited, so a
  // TypeScript worker is loaded through tsx's API from a tiny JS bootstrap. Absolute URLs keep it
  // independent of the working directory; no inherited options, so tsx is not registered twice.
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(url.href);
  const boot = `import(${api}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`;
  return new Worker(boot, { ...opts, eval: true, execArgv: [] });
}
