/** WebRTC toward browsers: a listener receives a call's mixed audio. Adapter: webrtc-werift (PCMU, no transcoding). */
import type { MediaStream } from './carrier.port';

/** One browser listening to one call. */
export interface RtcListener {
  /** The SDP answer for the browser's offer (full, no trickle ICE). */
  readonly answerSdp: string;
  /** Stops sending and releases the connection. */
  close(): Promise<void>;
  /** Called once when the connection ends, from either side. */
  onClosed(cb: () => void): void;
}

export interface Rtc {
  /**
   * Answers a browser's offer with a PCMU track fed from `media`; rejects with code `bad_sdp` on an offer it cannot
   * answer. With `talk`, an offer that sends audio (sendrecv) gets a sendrecv answer and every 20 ms μ-law frame the
   * browser sends goes to `talk`.
   */
  listen(offerSdp: string, media: MediaStream, talk?: (frame: Uint8Array) => void): Promise<RtcListener>;
}
