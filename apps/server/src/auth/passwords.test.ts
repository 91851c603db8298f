/**
 * Password hashing on its background threads: the same bcrypt hashes, answered in any number at once, at low priority.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import bcrypt from 'bcrypt';
import { hashPassword, verifyPassword } from './passwords';

/** The nice value of each of this process's threads (field 19 of /proc/self/task/<tid>/stat). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('password hashing', () => {
  it('hashes with bcrypt (cost 10) and verifies its own and bcrypt’s hashes', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.match(hash, /^\$2b\$10\$.{53}$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('made elsewhere', bcrypt.hashSync('made elsewhere', 4)), true);
    assert.equal(await verifyPassword('anything', 'not a bcrypt hash'), false);
  });

  it('answers twelve sign-ins at once, each with its own answer, on threads of lower priority', async () => {
    const hashes = await Promise.all(Array.from({ length: 4 }, (_, i) => hashPassword(`password number ${i}`)));
    const checks = Array.from({ length: 12 }, (_, i) => verifyPassword(`password number ${i % 6}`, hashes[i % 4]!));
    const during = threadNiceness();
    assert.deepEqual(
      await Promise.all(checks),
      Array.from({ length: 12 }, (_, i) => i % 6 === i % 4),
    );
    assert.equal(during[0], 0, 'the main thread keeps its priority');
    assert.ok(during.includes(10), `a hashing thread at nice 10 (threads: ${during.join(' ')})`);
  });

  it('lets a process that only hashed exit: the threads hold it only while a hash runs', async () => {
    const passwords = fileURLToPath(new URL('./passwords.ts', import.meta.url));
    const script = `const m = await import(${JSON.stringify(passwords)}); console.log(await m.verifyPassword('x', await m.hashPassword('x')));`;
    const t0 = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 20_000 },
    );
    assert.equal(stdout.trim(), 'true');
    assert.ok(performance.now() - t0 < 15_000);
  });
});
