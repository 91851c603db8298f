/** Recordings whose file could not be stored at once (the bucket unreachable) are stored when it comes back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Agent } from '@livespace/protocol';
import type { CallLeg, RecordingResult, RecordingRow, RecordingRows, RecordingStore } from '../ports/index';
import { RecordingService } from './recording-service';

const RESULT: RecordingResult = { bytes: 48_044, durationMs: 3000 };

/** A store whose `finish` fails the first `failures` times (as a PutObject to an unreachable bucket would). */
function flakyStore(failures: number): RecordingStore & { attempts: number } {
  return {
    kind: 's3',
    attempts: 0,
    spoolPath: (id) => `/spool/${id}.wav`,
    async finish(id) {
      this.attempts++;
      if (this.attempts <= failures) throw new Error('connect ECONNREFUSED 127.0.0.1:9000');
      return { location: `s3://bucket/recordings/${id}.wav` };
    },
    open: async () => null,
    erase: async () => {},
    unfinished: async () => [],
  };
}

function memoryRows(): RecordingRows & { rows: Map<string, Partial<RecordingRow>> } {
  const rows = new Map<string, Partial<RecordingRow>>();
  return {
    rows,
    insertRecording: async (r) => {
      rows.set(r.sessionId, { sessionId: r.sessionId, status: 'recording', location: r.location });
    },
    finishRecording: async (id, p) => {
      rows.set(id, { ...rows.get(id), status: p.status, ...(p.location ? { location: p.location } : {}) });
    },
    getRecording: async (id) => (rows.get(id) as RecordingRow | undefined) ?? null,
    recordingsBefore: async () => [],
    deleteRecording: async (id) => {
      rows.delete(id);
    },
  };
}

const leg = { channel: 'voice', media: { record: async () => RESULT } } as unknown as CallLeg;
const logger = { info() {}, warn() {}, error() {} };
const clock = { now: () => new Date('2026-12-06T10:00:00Z') };
const waitFor = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), what);
};

describe('recording service: storing a finished call', () => {
  it('tries again while the store fails, and the row is ready once it works', async () => {
    const files = flakyStore(2);
    const rows = memoryRows();
    const service = new RecordingService({ files, rows, clock, enabled: true, logger, retryDelaysMs: [10, 10, 10] });
    assert.equal(service.shouldRecord(leg, { recording: undefined } as unknown as Agent), true);
    service.start('ses_1', leg);
    await waitFor('stored on the third attempt', () => rows.rows.get('ses_1')?.status === 'ready');
    assert.equal(files.attempts, 3);
    assert.equal(rows.rows.get('ses_1')?.location, 's3://bucket/recordings/ses_1.wav');
  });

  it('after the last retry the row says failed (the next start tries again)', async () => {
    const files = flakyStore(10);
    const rows = memoryRows();
    const service = new RecordingService({ files, rows, clock, enabled: true, logger, retryDelaysMs: [5, 5] });
    service.start('ses_2', leg);
    await waitFor('failed', () => rows.rows.get('ses_2')?.status === 'failed');
    assert.equal(files.attempts, 3, 'the first attempt and two retries');
  });

  it('at shutdown a waiting retry makes its last attempt at once', async () => {
    const files = flakyStore(1);
    const rows = memoryRows();
    const service = new RecordingService({ files, rows, clock, enabled: true, logger, retryDelaysMs: [3_600_000] });
    service.start('ses_3', leg);
    await waitFor('the first attempt failed', () => files.attempts === 1);
    const t0 = Date.now();
    await service.drain(5000);
    assert.ok(Date.now() - t0 < 1000, 'not an hour');
    assert.equal(rows.rows.get('ses_3')?.status, 'ready', 'the last attempt worked');
  });
});
