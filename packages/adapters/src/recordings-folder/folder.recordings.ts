/**
 * Recordings kept in a folder (the default: `<LIVESPACE_DATA_DIR>/recordings/`). A call is written to
 * `recordings/spool/<session>.wav` as it happens; when it ends the file is moved to `recordings/<session>.wav`.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingBody, RecordingResult, RecordingStore } from '@livespace/app/ports/index';
import { byteRange, fileName, Spool } from './spool';

export class FolderRecordingStore implements RecordingStore {
  readonly kind = 'folder' as const;
  private readonly spool: Spool;

  constructor(private readonly dir: string) {
    this.spool = new Spool(join(dir, 'spool'));
  }

  spoolPath(sessionId: string): string {
    return this.spool.path(sessionId);
  }

  /** Where a finished recording is. */
  path(sessionId: string): string {
    return join(this.dir, fileName(sessionId));
  }

  async finish(sessionId: string, _result: RecordingResult): Promise<{ location: string }> {
    await mkdir(this.dir, { recursive: true });
    const to = this.path(sessionId);
    await rename(this.spool.path(sessionId), to);
    return { location: to };
  }

  async open(sessionId: string, range?: { start: number; end?: number }): Promise<RecordingBody | null> {
    const path = this.path(sessionId);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const r = byteRange(size, range);
    return { stream: createReadStream(path, { start: r.start, end: r.end }), size, range: r };
  }

  async erase(sessionId: string): Promise<void> {
    await rm(this.path(sessionId), { force: true });
    await this.spool.remove(sessionId);
  }

  unfinished(): Promise<Array<{ sessionId: string; result: RecordingResult }>> {
    return this.spool.unfinished();
  }
}
