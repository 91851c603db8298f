/** What both recording stores share: the local spool folder calls are written to, and Range arithmetic. */
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RangeNotSatisfiable, type ByteRange, type RecordingResult } from '@livespace/app/ports/index';

/** Session ids become file names: only ids that are safe as one (`ses_…`) are accepted. */
export function fileName(sessionId: string): string {
  if (!/^[\w-]{1,100}$/.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
  return `${sessionId}.wav`;
}

/** The spool: one file per call being recorded (or left by a crash), in `<recordings>/spool/`. */
export class Spool {
  constructor(readonly dir: string) {}

  path(sessionId: string): string {
    return join(this.dir, fileName(sessionId));
  }

  async remove(sessionId: string): Promise<void> {
    await rm(this.path(sessionId), { force: true });
  }

  /**
   * Every spooled file with what it holds (by its header's data size, or the bytes there when fewer: a crash
   * mid-append).
   */
  async unfinished(): Promise<Array<{ sessionId: string; result: RecordingResult }>> {
    const out: Array<{ sessionId: string; result: RecordingResult }> = [];
    for (const f of await this.files()) {
      const file = await open(f.path, 'r');
      try {
        const size = (await file.stat()).size;
        const head = Buffer.alloc(44);
        const { bytesRead } = await file.read(head, 0, 44, 0);
        const declared = bytesRead === 44 && head.toString('latin1', 36, 40) === 'data' ? head.readUInt32LE(40) : 0;
        const data = Math.max(0, Math.min(declared, size - 44));
        // 8 kHz, 2 channels, 2 bytes: 32 bytes a millisecond.
        out.push({ sessionId: f.sessionId, result: { bytes: size, durationMs: Math.floor(data / 32) } });
      } finally {
        await file.close();
      }
    }
    return out;
  }

  async files(): Promise<Array<{ sessionId: string; path: string }>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => /^[\w-]{1,100}\.wav$/.test(n))
      .map((n) => ({ sessionId: n.slice(0, -4), path: join(this.dir, n) }));
  }
}

/**
 * The bytes to send of a `size`-byte file: the whole, or `range` with its end clamped; past the end:
 * RangeNotSatisfiable.
 */
export function byteRange(size: number, range?: { start: number; end?: number }): ByteRange {
  if (!range) return { start: 0, end: size - 1 };
  if (range.start >= size || range.start < 0) throw new RangeNotSatisfiable(size);
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
