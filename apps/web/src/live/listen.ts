/**
 * Listening to a live call in the browser: one RTCPeerConnection per join. The browser makes a full
 * (non-trickle) offer that accepts PCMU only, posts it to `POST /api/sessions/:id/listen`, and plays
 * what comes back. With a microphone track (the person who holds the takeover), the offer is sendrecv
 * and the server may answer sendrecv: then the microphone reaches the caller. Leaving is DELETE plus
 * pc.close() (either alone releases the listener on the server).
 */
import { api } from '../api';
import { getAuth } from '../auth';

/** What `window.__livespace.listenStats()` returns: the inbound audio of the current connection. */
export interface ListenStats {
  packetsReceived: number;
  bytesReceived: number;
  /** 0..1, linear (WebRTC's inbound-rtp audioLevel). */
  audioLevel: number;
}

/** One poll of the connection's stats: the call's level, and the microphone's while it sends. */
export interface ListenLevels extends ListenStats {
  /** 0..1, the microphone as sent (media-source audioLevel); null when no microphone track is attached. */
  micLevel: number | null;
}

class ListenError extends Error {
  constructor(
    readonly code: 'no_pcmu' | 'ice_timeout' | 'connect_timeout' | 'no_webrtc',
    message: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** How long ICE gathering may take before the offer is posted with the candidates found so far. */
const GATHER_MS = 3000;

/** Joined connections, newest last: the test hook reads the newest one. */
const open: ListenConnection[] = [];

export class ListenConnection {
  private closed = false;
  private readonly endedCallbacks = new Set<() => void>();

  private constructor(
    readonly sessionId: string,
    readonly pc: RTCPeerConnection,
    readonly transceiver: RTCRtpTransceiver,
    readonly listenerId: string,
    /** The call's audio, for an <audio> element. */
    readonly stream: MediaStream,
    /** The token that joined: leaving still works while signing out. */
    private readonly token: string | null,
  ) {
    pc.addEventListener('connectionstatechange', () => {
      const s = pc.connectionState;
      if (s === 'failed' || s === 'closed') this.ended();
    });
  }

  /**
   * Joins the call's audio. `offerToSend` makes the offer sendrecv (with `mic` as the track when given, else none
   * yet): the server answers sendrecv only to the person holding the takeover, and only once it can take a microphone.
   */
  static async join(
    sessionId: string,
    opts: { offerToSend?: boolean; mic?: MediaStreamTrack | null } = {},
  ): Promise<ListenConnection> {
    if (typeof RTCPeerConnection === 'undefined') throw new ListenError('no_webrtc', 'this browser has no WebRTC');
    const pc = new RTCPeerConnection();
    try {
      const send = opts.offerToSend || !!opts.mic;
      const transceiver = opts.mic
        ? pc.addTransceiver(opts.mic, { direction: 'sendrecv' })
        : pc.addTransceiver('audio', { direction: send ? 'sendrecv' : 'recvonly' });
      preferPcmu(transceiver);
      const stream = new MediaStream([transceiver.receiver.track]);
      await pc.setLocalDescription(await pc.createOffer());
      await iceGathered(pc);
      const offer = pc.localDescription?.sdp;
      if (!offer) throw new Error('no local description');
      const r = await api<{ sdp: string; listenerId: string }>(
        `/api/sessions/${encodeURIComponent(sessionId)}/listen`,
        {
          method: 'POST',
          body: JSON.stringify({ sdp: offer }),
        },
      );
      const conn = new ListenConnection(sessionId, pc, transceiver, r.listenerId, stream, getAuth().token);
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp: r.sdp });
      } catch (err) {
        await conn.leave();
        throw err;
      }
      open.push(conn);
      return conn;
    } catch (err) {
      pc.close();
      throw err;
    }
  }

  /** The server agreed to receive our audio (its answer is sendrecv), so a microphone track will reach the caller. */
  get canSend(): boolean {
    return this.transceiver.currentDirection === 'sendrecv';
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once connected; rejects when the connection fails or takes longer than `timeoutMs`. */
  connected(timeoutMs = 10_000): Promise<void> {
    if (this.pc.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.pc.removeEventListener('connectionstatechange', check);
        this.endedCallbacks.delete(onEnded);
      };
      const check = () => {
        if (this.pc.connectionState === 'connected') {
          done();
          resolve();
        }
      };
      const onEnded = () => {
        done();
        reject(new ListenError('connect_timeout', 'the audio connection failed'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new ListenError('connect_timeout', 'the audio connection did not come up'));
      }, timeoutMs);
      this.pc.addEventListener('connectionstatechange', check);
      this.endedCallbacks.add(onEnded);
    });
  }

  /** Called once when the connection ends by itself (failed, closed by the server side); not after leave(). */
  onEnded(cb: () => void): () => void {
    this.endedCallbacks.add(cb);
    return () => this.endedCallbacks.delete(cb);
  }

  /** Sends `track` (a microphone) or nothing; only useful when canSend. */
  async setMic(track: MediaStreamTrack | null): Promise<void> {
    if (this.closed) return;
    await this.transceiver.sender.replaceTrack(track);
  }

  get mic(): MediaStreamTrack | null {
    return this.transceiver.sender.track;
  }

  async levels(): Promise<ListenLevels> {
    const out: ListenLevels = { packetsReceived: 0, bytesReceived: 0, audioLevel: 0, micLevel: null };
    if (this.closed) return out;
    const report = await this.pc.getStats();
    const mic = this.transceiver.sender.track;
    report.forEach(
      (s: {
        type: string;
        kind?: string;
        trackIdentifier?: string;
        packetsReceived?: number;
        bytesReceived?: number;
        audioLevel?: number;
      }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          out.packetsReceived = s.packetsReceived ?? 0;
          out.bytesReceived = s.bytesReceived ?? 0;
          out.audioLevel = s.audioLevel ?? 0;
        } else if (
          s.type === 'media-source' &&
          s.kind === 'audio' &&
          mic &&
          (!s.trackIdentifier || s.trackIdentifier === mic.id)
        ) {
          out.micLevel = s.audioLevel ?? 0;
        }
      },
    );
    return out;
  }

  /** Leaves: stops the audio here at once and tells the server (best effort; closing alone releases it too). */
  async leave(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.endedCallbacks.clear();
    forget(this);
    this.pc.close();
    try {
      // Plain fetch, not api(): a 404 (already released: the call ended, or the server saw the closed
      // connection first) or a 401 (signing out) is no error here. keepalive: it survives the page closing.
      await fetch(`/api/sessions/${encodeURIComponent(this.sessionId)}/listen/${encodeURIComponent(this.listenerId)}`, {
        method: 'DELETE',
        keepalive: true,
        ...(this.token ? { headers: { Authorization: `Bearer ${this.token}` } } : {}),
      });
    } catch {
      // Offline: closing the connection releases it on the server anyway.
    }
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    forget(this);
    const cbs = [...this.endedCallbacks];
    this.endedCallbacks.clear();
    for (const cb of cbs) cb();
    this.pc.close();
  }
}

function forget(conn: ListenConnection): void {
  const i = open.indexOf(conn);
  if (i >= 0) open.splice(i, 1);
}

/** The newest open connection's inbound audio, for tests and the console; null when not listening. */
export async function currentListenStats(): Promise<ListenStats | null> {
  const conn = open[open.length - 1];
  if (!conn) return null;
  const { packetsReceived, bytesReceived, audioLevel } = await conn.levels();
  return { packetsReceived, bytesReceived, audioLevel };
}

/** The server speaks PCMU/8000 only: offer nothing else. */
function preferPcmu(t: RTCRtpTransceiver): void {
  const caps = RTCRtpReceiver.getCapabilities?.('audio');
  const pcmu = caps?.codecs.filter((c) => c.mimeType.toLowerCase() === 'audio/pcmu' && c.clockRate === 8000) ?? [];
  if (pcmu.length === 0) throw new ListenError('no_pcmu', 'this browser cannot play the call audio (no PCMU codec)');
  if (typeof t.setCodecPreferences === 'function') t.setCodecPreferences(pcmu);
}

/** Waits for ICE gathering to complete: the offer goes out whole, with every candidate. */
function iceGathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    // A network with a slow interface: post what we have; host candidates come first.
    const timer = setTimeout(done, GATHER_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Opens the microphone for talking; the error says what to do in words a supervisor understands. */
export async function openMicrophone(): Promise<MediaStreamTrack> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('the microphone needs a secure page (https or localhost)');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NotAllowedError' || name === 'SecurityError')
      throw new Error('microphone permission was denied; allow it for this site in the browser and try again');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new Error('no microphone was found');
    if (name === 'NotReadableError' || name === 'AbortError')
      throw new Error('the microphone is in use by another application');
    throw new Error(`the microphone could not be opened (${(err as Error).message || name || 'unknown error'})`);
  }
  const track = stream.getAudioTracks()[0];
  if (!track) throw new Error('no microphone was found');
  return track;
}

/** Maps a linear level (0..1) to a meter's fill (0..1) on a -50..0 dB scale. */
export function meterFill(level: number): number {
  if (!(level > 0)) return 0;
  const db = 20 * Math.log10(Math.min(1, level));
  return Math.max(0, Math.min(1, (db + 50) / 50));
}
