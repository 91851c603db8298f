/** Real session events recorded in the load run, replayed as fast as the server under test takes them. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { EventWrite } from '@livespace/app';

export function saveRecorded(file: string, writes: EventWrite[]): void {
  writeFileSync(file, JSON.stringify(writes));
}

export function loadRecorded(file: string): EventWrite[] {
  const writes = JSON.parse(readFileSync(file, 'utf8')) as EventWrite[];
  if (writes.length === 0) throw new Error(`${file}: no recorded events`);
  return writes;
}

export function topicsOf(writes: EventWrite[]): string[] {
  return [...new Set(writes.map((w) => `session:${w.sessionId}`))];
}

/**
 * The recording, endlessly: each pass adds an offset to every seq, so sequence numbers keep rising as they
 * would live (the gateway ignores a summary older than the one it has, which would make repeats cheaper).
 */
export function replay(writes: EventWrite[]): (n: number) => EventWrite[] {
  let i = 0;
  let pass = 0;
  return (n) => {
    const out: EventWrite[] = [];
    for (let k = 0; k < n; k++) {
      const w = writes[i]!;
      const off = pass * 1_000_000;
      out.push({
        sessionId: w.sessionId,
        event: { ...w.event, seq: w.event.seq + off },
        summary: { ...w.summary, seq: w.summary.seq + off },
      });
      if (++i === writes.length) {
        i = 0;
        pass++;
      }
    }
    return out;
  };
}

/** The wire message of one event, as the gateway encodes it. */
export function eventMessage(w: EventWrite): { type: 'event'; topic: string; seq: number; event: unknown } {
  return { type: 'event', topic: `session:${w.sessionId}`, seq: w.event.seq, event: w.event };
}
