/**
 * The store the configuration names: PostgreSQL at DATABASE_URL, else the embedded PGlite in LIVESPACE_DATA_DIR (on its
 * own thread).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import type { Config } from './config';

export async function openStore(config: Config): Promise<PostgresStore> {
  // The folder's parent only: a new data folder is the template's copy renamed into place (an existing empty folder
  // would be filled file by file, copying the 39 MB twice), and PGlite makes the folder itself when there is no
  // template.
  if (!config.DATABASE_URL) mkdirSync(dirname(resolve(config.LIVESPACE_DATA_DIR)), { recursive: true });
  return PostgresStore.open({
    dataDir: config.LIVESPACE_DATA_DIR,
    pgliteSharedBuffers: config.LIVESPACE_PGLITE_SHARED_BUFFERS,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
  });
}
