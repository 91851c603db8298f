import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { migrate } from './migrate';
import { openPgliteThread } from './pglite-thread';
import { makePgliteTemplate, seedFromTemplate } from './pglite-template';

describe('PGlite template', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('a new data folder starts as a copy of the template: a cluster with every migration applied', async () => {
    const template = await makePgliteTemplate(); // made by npm run build; made here (~6 s) when missing
    assert.match(template, /pglite-[\d.]+-[0-9a-f]{12}$/, 'named by PGlite version and the migrations');
    const root = await mkdtemp(join(tmpdir(), 'livespace-template-'));
    dirs.push(root);
    const data = join(root, 'data');
    const db = await openPgliteThread(data);
    try {
      assert.ok(existsSync(join(data, 'PG_VERSION')));
      assert.deepEqual(await migrate(db), [], 'nothing left to migrate');
      assert.deepEqual(await db.query('select count(*)::int as n from users'), [{ n: 0 }], 'and no data');
    } finally {
      await db.close();
    }
    assert.equal(await seedFromTemplate(data), false, 'a folder that holds a cluster is left alone');
  });
});
