import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from './postgres.store';
import { storeContract } from './testing/store.contract';

storeContract('PGlite (embedded, on disk)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'livespace-pglite-'));
  return {
    store: await PostgresStore.open({ dataDir: dir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
