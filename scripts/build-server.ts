/**
 * Builds the server to JavaScript once (`npm run build`), so `npm start` runs it with plain `node` instead of compiling
 * the TypeScript as it loads (tsx: ~1 s more of start-up, and again on each worker thread). Out: apps/server/dist/
 * (git-ignored), one folder, every file beside the others because the code finds its neighbours from `import.meta.url`:
 *   main.js           apps/server/src/main.ts (the rest of the server in chunks it imports, loaded when it asks)
 *   <name>.worker.js  each worker thread's entry (every <name>.worker.ts of the packages and the server; also the
 *                     espeak host's, a child process), where workerUrl() looks
 *   migrations/*.sql  the store's migrations (migrate.ts; the PGlite template's hash is of these, the same files)
 *   *.js.map          source maps: `node --enable-source-maps apps/server/dist/main.js` (or NODE_OPTIONS) has stack
 *                     traces name the TypeScript files, for ~0.1 s more start-up (so `npm start` goes without)
 * The workspace packages (@livespace/*, TypeScript) are bundled in; every other package stays in node_modules.
 * The tests still run on the TypeScript sources through tsx.
 *
 * A server may be running from dist/ while it is built again: it loads chunks when it asks for them and starts worker
 * threads later (password hashing at the first sign-in). So the folder is never emptied first, and each file is
 * written whole under a temporary name, then renamed over the old one: a running server never reads half a file, and
 * the chunks it was built with stay until a day after a newer build left them out.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'apps/server/dist');
const MIGRATIONS = join(ROOT, 'packages/adapters/src/store-postgres/migrations');

/** Every `*.worker.ts` of the server and the workspace packages (tests excluded), by its output name. */
function workerEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  const dirs = [
    join(ROOT, 'apps/server/src'),
    ...readdirSync(join(ROOT, 'packages')).map((p) => join(ROOT, 'packages', p, 'src')),
  ];
  for (const dir of dirs) {
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.worker.ts') || f.includes('node_modules')) continue;
      const name = basename(f, '.ts');
      const file = join(dir, f);
      // workerUrl() finds a worker by its file name beside the caller: two of one name would overwrite each other here.
      if (entries[name])
        throw new Error(`two workers named ${name}: ${relative(ROOT, entries[name])} and ${relative(ROOT, file)}`);
      entries[name] = file;
    }
  }
  return entries;
}

/** Bare imports stay imports of node_modules, except the workspace's own packages, whose sources are bundled. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@livespace/') || args.kind === 'entry-point'
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/** Writes `bytes` to `file` whole: under a temporary name, then renamed over it. */
function replaceFile(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/**
 * Removes the files of `dir` this build did not write once `staleMs` has passed since they were last written: what an
 * older build left.
 */
function removeStale(dir: string, written: ReadonlySet<string>, staleMs: number): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const st = statSync(file);
    if (st.isDirectory()) removeStale(file, written, staleMs);
    else if (!written.has(file) && Date.now() - st.mtimeMs >= staleMs) rmSync(file, { force: true });
  }
}
const A_DAY_MS = 24 * 3600_000;

const t0 = performance.now();
const workers = workerEntries();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: join(ROOT, 'apps/server/src/main.ts'), ...workers },
  outdir: OUT,
  bundle: true,
  // main.ts opens the store before it imports the server: chunks keep that import (and its packages' loading) for
  // later.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(ROOT, 'tsconfig.json'),
  plugins: [externalPackages],
  sourcemap: 'linked',
  sourcesContent: false,
  // Names kept: logs and errors name classes and functions (e.g. an error's constructor name) as in the sources.
  keepNames: true,
  logLevel: 'warning',
  metafile: true,
  write: false,
});
const written = new Set<string>();
for (const f of result.outputFiles) {
  replaceFile(f.path, f.contents);
  written.add(f.path);
}
for (const f of readdirSync(MIGRATIONS).filter((n) => n.endsWith('.sql'))) {
  const file = join(OUT, 'migrations', f);
  replaceFile(file, readFileSync(join(MIGRATIONS, f)));
  written.add(file);
}
// A migration no longer in the sources must not be applied by the next start: those go at once.
removeStale(join(OUT, 'migrations'), written, 0);
removeStale(OUT, written, A_DAY_MS);

const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.js'))
  .reduce((s, [, o]) => s + o.bytes, 0);
console.log(
  `Server: ${relative(ROOT, OUT)}/main.js and ${Object.keys(workers).length} workers (${Object.keys(workers).join(', ')}), ${(bytes / 1e6).toFixed(1)} MB of JS (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
