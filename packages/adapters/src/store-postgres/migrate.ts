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
      for (const stmt of statements(script)) await tx.query(stmt);
      await tx.query('insert into schema_migrations (version) values ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}

/**
 * A migration's statements: PGlite's query() takes one at a time. Each ends with a `;` at the end of a line, except
 * inside a `$$`-quoted body (a function's), which is kept whole.
 */
function statements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  script.split('$$').forEach((part, i) => {
    if (i % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const [first, ...rest] = part.split(/;\s*$/m);
    current += first;
    for (const next of rest) {
      out.push(current);
      current = next;
    }
  });
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s));
}
