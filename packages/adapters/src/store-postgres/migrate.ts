/** Applies the SQL files in ./migrations in name order, each once, on PGlite and PostgreSQL alike. */
import { readdir, readFile } from 'node:fs/promises';
import type { SqlClient } from './sql-client';

const dir = new URL('./migrations/', import.meta.url);

export async function migrate(db: SqlClient): Promise<string[]> {
  await db.exec(
    'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
  );
  // Several servers may start at once on one PostgreSQL: an advisory lock makes them take turns.
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(4242001)');
    const done = new Set(
      (await tx.query<{ version: string }>('select version from schema_migrations')).map((r) => r.version),
    );
    for (const f of files) {
      if (done.has(f)) continue;
      const script = await readFile(new URL(f, dir), 'utf8');
      // PGlite's query() takes one statement, so split on statement ends; migrations keep one statement per `;`.
      for (const stmt of script
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s))) {
        await tx.query(stmt);
      }
      await tx.query('insert into schema_migrations (version) values ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}
