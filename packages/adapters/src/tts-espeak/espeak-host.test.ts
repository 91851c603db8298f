import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { EspeakHost } from './espeak-host';
import { findEspeakProgram } from './native-synth';
import { TtsError } from '../speech/tts-error';
import { SynthWorkerPool } from './worker-pool';

const PROGRAM = findEspeakProgram();
const LINE = 'Thank you for calling, how can I help you today?';

describe('espeak host (the espeak-ng program run from a small child process)', {
  skip: PROGRAM ? false : 'espeak-ng is not installed',
}, () => {
  const pools: Array<SynthWorkerPool<unknown>> = [];
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  const pool = (host: EspeakHost, timeoutMs = 10_000) => {
    const p = new SynthWorkerPool(async () => null, {
      size: 2,
      urgentOnly: 1,
      timeoutMs,
      maxQueue: 100,
      start: () => host.thread(),
    });
    pools.push(p);
    return p;
  };
  const failsWith = (code: string) => (e: unknown) => e instanceof TtsError && e.code === code;

  it('runs lines of every slot in one host process, side by side', async () => {
    const host = new EspeakHost(PROGRAM!);
    const p = pool(host);
    const lines = await Promise.all([
      p.run('en-us', LINE),
      p.run('en-us', 'A second line.'),
      p.run('en-gb+m3', 'An urgent one.', true),
    ]);
    for (const mulaw of lines) assert.ok(mulaw.length > 4000, `${mulaw.length} bytes`);
    assert.ok(host.pid !== undefined && host.pid !== process.pid);
  });

  it('a host that dies fails the line it was making; the next line starts a new host', async () => {
    const host = new EspeakHost(PROGRAM!);
    const p = pool(host);
    await p.run('en-us', 'Warm up.');
    const first = host.pid!;
    const running = p.run('en-us', `${LINE} ${LINE} ${LINE}`);
    process.kill(first, 'SIGKILL');
    await assert.rejects(running, failsWith('TTS_WORKER_FAILED'));
    assert.ok((await p.run('en-us', LINE)).length > 8000);
    assert.notEqual(host.pid, first);
  });

  it('a line over its time fails with TTS_TIMEOUT and the slot goes on with a fresh runner', async () => {
    const host = new EspeakHost(PROGRAM!);
    const p = pool(host, 1);
    await assert.rejects(p.run('en-us', `${LINE} ${LINE}`), failsWith('TTS_TIMEOUT'));
    const patient = pool(host);
    assert.ok((await patient.run('en-us', LINE)).length > 8000);
  });

  it('closing the pool ends the host process', async () => {
    const host = new EspeakHost(PROGRAM!);
    const p = new SynthWorkerPool(async () => null, {
      size: 1,
      timeoutMs: 10_000,
      maxQueue: 10,
      start: () => host.thread(),
    });
    await p.run('en-us', LINE);
    const pid = host.pid!;
    await p.close();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(pid), false, 'the host process exited');
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
