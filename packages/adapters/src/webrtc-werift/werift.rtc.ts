/** WebRTC with werift: the call's 8 kHz μ-law frames go out as PCMU RTP as they are, no transcoding. */
import { randomInt } from 'node:crypto';
import type { MediaStreamTrack, RTCPeerConnection } from 'werift';
import type { MediaStream, Rtc, RtcListener } from '@livespace/app';

type Werift = typeof import('werift');
let loading: Promise<Werift> | null = null;
/** werift is loaded with the first listener (or by `preload`), not at start: ~0.2 s of a server's start otherwise. */
const werift = (): Promise<Werift> =>
  (loading ??= import('werift').catch((err: unknown) => {
    loading = null; // the next listener tries again
    throw err;
  }));

export interface WeriftRtcOptions {
  /** Extra host addresses for ICE (loopback in sandboxes and tests, a LAN address behind NAT). */
  additionalHostAddresses?: string[];
  /** How long gathering our candidates may take before the offer is refused. */
  gatherTimeoutMs?: number;
}

class RtcError extends Error {
  constructor(
    public readonly code: 'bad_sdp' | 'ice_timeout',
    message: string,
  ) {
    super(message);
  }
}

export class WeriftRtc implements Rtc {
  constructor(private readonly opts: WeriftRtcOptions = {}) {}

  /** Loads werift now (a server calls this once it is up, so the first listener does not wait for it). */
  preload(): Promise<void> {
    return werift().then(() => undefined);
  }

  async listen(offerSdp: string, media: MediaStream, talk?: (frame: Uint8Array) => void): Promise<RtcListener> {
    if (!/^m=audio /m.test(offerSdp) || !/PCMU\/8000/i.test(offerSdp)) {
      throw new RtcError('bad_sdp', 'The offer must have an audio section that accepts PCMU/8000');
    }
    const w = await werift();
    const { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } = w;
    const pc = new RTCPeerConnection({
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })],
        video: [],
      },
      iceUseIpv6: false,
      // Not ICE-lite: Chromium never connected to werift's ICE-lite answers (the listen browser tests showed it).
      // So werift still asks a STUN server while gathering, stun.l.google.com by default (it has no option to ask
      // none).
      ...(this.opts.additionalHostAddresses ? { iceAdditionalHostAddresses: this.opts.additionalHostAddresses } : {}),
    });
    const track = new MediaStreamTrack({ kind: 'audio' });
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const transceiver = pc.getTransceivers().find((t) => t.kind === 'audio');
      if (!transceiver) throw new RtcError('bad_sdp', 'The offer has no audio transceiver');
      // The browser sends audio only when it offered to (sendrecv) and may talk (it holds the takeover).
      const talking = talk !== undefined && /^a=sendrecv/m.test(offerSdp);
      transceiver.setDirection(talking ? 'sendrecv' : 'sendonly');
      await transceiver.sender.replaceTrack(track);
      if (talking) {
        const forwarded = new Set<MediaStreamTrack>();
        const forward = (remote: MediaStreamTrack) => {
          if (forwarded.has(remote)) return;
          forwarded.add(remote);
          remote.onReceiveRtp.subscribe((rtp) => {
            // PCMU as the browser sent it: 160 bytes a packet at the usual 20 ms ptime, straight into the call.
            if (rtp.header.payloadType === 0 && rtp.payload.length > 0) talk(new Uint8Array(rtp.payload));
          });
        };
        // The remote track may exist already (made while applying the offer) or come later.
        for (const t of transceiver.receiver.tracks) forward(t);
        transceiver.onTrack.subscribe((t) => forward(t));
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc, this.opts.gatherTimeoutMs ?? 5000);
    } catch (err) {
      await pc.close().catch(() => {});
      if (err instanceof RtcError) throw err;
      throw new RtcError('bad_sdp', `Cannot answer this offer: ${(err as Error).message}`);
    }
    return new WeriftListener(w, pc, track, media);
  }
}

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new RtcError('ice_timeout', 'ICE gathering timed out')), timeoutMs);
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** One listener: every mixed frame of the call becomes one RTP packet (20 ms, 160 samples). */
class WeriftListener implements RtcListener {
  readonly answerSdp: string;
  private readonly unsubscribe: () => void;
  private readonly closedCallbacks: Array<() => void> = [];
  private closed = false;
  private seq = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private first = true;

  constructor(
    { RtpHeader, RtpPacket }: Werift,
    private readonly pc: RTCPeerConnection,
    track: MediaStreamTrack,
    media: MediaStream,
  ) {
    this.answerSdp = pc.localDescription!.sdp;
    this.unsubscribe = media.subscribe((frame) => {
      if (pc.connectionState !== 'connected') return;
      const header = new RtpHeader({
        payloadType: 0,
        sequenceNumber: this.seq,
        timestamp: this.timestamp,
        marker: this.first,
      });
      this.seq = (this.seq + 1) & 0xffff;
      this.timestamp = (this.timestamp + frame.length) >>> 0;
      this.first = false;
      track.writeRtp(new RtpPacket(header, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)));
    });
    pc.connectionStateChange.subscribe((s) => {
      if (s === 'failed' || s === 'closed' || s === 'disconnected') void this.close();
    });
  }

  onClosed(cb: () => void): void {
    if (this.closed) cb();
    else this.closedCallbacks.push(cb);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const cb of this.closedCallbacks.splice(0)) cb();
    await this.pc.close().catch(() => {});
  }
}
