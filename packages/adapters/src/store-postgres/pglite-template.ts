/**
 * An empty PGlite cluster (initdb done, the migrations applied, no data) made once per PGlite version and
 * set of migrations — by `npm run build`, or by hand with `node --import tsx scripts/pglite-template.ts` — and
 * copied into an empty data folder on first start. PGlite's initdb takes ~8 s of CPU and leaves the process
 * at ~800 MiB (its WebAssembly memory never shrinks), the migrations ~0.7 s more; a copy of the same cluster
 * takes a fraction of a second. Without a template the server runs initdb and the migrations as before.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed PGlite's package folder and version. */
function pglitePackage(): { dir: string; version: string } {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (
    !existsSync(join(dir, 'package.json')) ||
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== '@electric-sql/pglite'
  ) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the @electric-sql/pglite package');
    dir = up;
  }
  return { dir, version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version };
}

/** The migrations' names and contents, hashed: a template is made anew when they change. */
function migrationsHash(): string {
  const dir = new URL('./migrations/', import.meta.url);
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort())
    h.update(f).update(readFileSync(new URL(f, dir)));
  return h.digest('hex').slice(0, 12);
}

/** Where this PGlite version's template lives: node_modules/.cache, beside the package itself. */
function pgliteTemplateDir(): string {
  const { dir, version } = pglitePackage();
  // dir is …/node_modules/@electric-sql/pglite
  return join(dirname(dirname(dir)), '.cache', 'livespace', `pglite-${version}-${migrationsHash()}`);
}

/** Makes the template if it is missing; returns its folder. */
export async function makePgliteTemplate(): Promise<string> {
  const dir = pgliteTemplateDir();
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  await mkdir(dirname(dir), { recursive: true });
  const building = await mkdtemp(`${dir}-building-`);
  // The store itself makes it (on its own thread, as the server does), so the template is what a first start makes.
  const { PostgresStore } = await import('./postgres.store');
  const store = await PostgresStore.open({ dataDir: building });
  await store.migrate();
  await store.close();
  // Another process may have made it meanwhile: either copy will do.
  await rename(building, dir).catch(() => rm(building, { recursive: true, force: true }));
  // Templates of other migrations or PGlite versions are of no more use.
  const base = dirname(dir);
  for (const old of await readdir(base)) {
    if (old.startsWith('pglite-') && join(base, old) !== dir && !old.includes('-building-'))
      await rm(join(base, old), { recursive: true, force: true });
  }
  return dir;
}

/**
 * Copies the template into `dataDir` when that folder holds no cluster yet and a template exists; true when it did.
 * Synchronous: the database thread (pglite.worker.ts) calls it before it opens PGlite, so it blocks nothing else, and a
 * synchronous copy of the ~1,000 files takes ~0.1 s where fs/promises' cp took ~0.5 s (more while the main thread loads
 * the server).
 */
export function seedFromTemplate(dataDir: string): boolean {
  if (dataDir.includes('://') || existsSync(join(dataDir, 'PG_VERSION'))) return false;
  const template = pgliteTemplateDir();
  if (!existsSync(join(template, 'PG_VERSION'))) return false;
  // Copied beside the data folder and renamed into place: a crash mid-copy never leaves half a cluster.
  mkdirSync(dirname(dataDir), { recursive: true });
  const partial = `${dataDir}.seeding-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(template, partial, { recursive: true });
  if (existsSync(dataDir)) {
    // An empty folder the user made (or the server's own mkdir): fill it file by file.
    cpSync(partial, dataDir, { recursive: true });
    rmSync(partial, { recursive: true, force: true });
  } else {
    renameSync(partial, dataDir);
  }
  return true;
}
