/**
 * The media plane in this thread: each call's CallMedia on one MediaClock. For tests, tools and the plane's own worker.
 */
import { CallMedia } from './call-mixer';
import type { CallAudio, MediaPlane } from './call-audio';
import { MediaClock, mediaClock, type MediaClockStats } from './media-clock';

export class LocalMediaPlane implements MediaPlane {
  constructor(private readonly clock: MediaClock = mediaClock) {}

  open(): CallAudio {
    return new CallMedia({ clock: this.clock });
  }

  async clockStats(): Promise<MediaClockStats> {
    return this.clock.stats();
  }

  resetClockStats(): void {
    this.clock.resetStats();
  }

  async close(): Promise<void> {}
}

/** The process-wide in-thread plane (on the process-wide clock). */
export const localMediaPlane = new LocalMediaPlane();
