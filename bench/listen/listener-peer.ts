/**
 * One listening peer, as a supervisor's browser makes it (recvonly PCMU over werift): a lean copy of
 * tests/support/rtc-client.ts that counts what arrives instead of keeping it, so hundreds fit in one process.
 */
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

/** μ-law bytes at or above this magnitude (|sample| ≳ 400 of 32768, about −38 dBFS) are not silence. */
const LOUD_MAGNITUDE = 0x20;
const CONNECT_TIMEOUT_MS = 10_000;

/** True when some byte of the μ-law payload is far from silence (0xFF / 0x7F are ±0). */
function audible(payload: Uint8Array): boolean {
  for (let i = 0; i < payload.length; i++) if ((~payload[i]! & 0x7f) >= LOUD_MAGNITUDE) return true;
  return false;
}

/** Cumulative counters of one peer since it joined. */
export interface PeerCounts {
  packets: number;
  audible: number;
  /** Packets missing by RTP sequence number (gaps between what arrived). */
  lost: number;
}

export class ListenerPeer {
  readonly counts: PeerCounts = { packets: 0, audible: 0, lost: 0 };
  private lastSeq = -1;
  private constructor(private readonly pc: RTCPeerConnection) {}

  /**
   * Makes a recvonly offer; `answer` posts it and returns the server's answer SDP. `stunPort`: see ./stun-responder.ts.
   */
  static async join(answer: (offerSdp: string) => Promise<string>, stunPort: number): Promise<ListenerPeer> {
    const pc = new RTCPeerConnection({
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })],
        video: [],
      },
      iceServers: [{ urls: `stun:127.0.0.1:${stunPort}` }],
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    const peer = new ListenerPeer(pc);
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => peer.count(p.header.sequenceNumber, p.payload)));
    try {
      await pc.setLocalDescription(await pc.createOffer());
      if (pc.iceGatheringState !== 'complete') {
        await new Promise<void>((r) =>
          pc.iceGatheringStateChange.subscribe((s) => {
            if (s === 'complete') r();
          }),
        );
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: await answer(pc.localDescription!.sdp) });
      // Joined when ICE and DTLS are through and audio can flow, as a browser's "connected".
      await new Promise<void>((resolve, reject) => {
        if (pc.connectionState === 'connected') return resolve();
        const timer = setTimeout(
          () => reject(new Error(`not connected in ${CONNECT_TIMEOUT_MS / 1000} s`)),
          CONNECT_TIMEOUT_MS,
        );
        pc.connectionStateChange.subscribe((st) => {
          if (st === 'connected') {
            clearTimeout(timer);
            resolve();
          } else if (st === 'failed' || st === 'closed') {
            clearTimeout(timer);
            reject(new Error(`connection ${st}`));
          }
        });
      });
    } catch (err) {
      await pc.close().catch(() => {});
      throw err;
    }
    return peer;
  }

  private count(seq: number, payload: Buffer): void {
    const c = this.counts;
    c.packets++;
    if (audible(payload)) c.audible++;
    if (this.lastSeq >= 0) {
      const gap = (seq - this.lastSeq - 1) & 0xffff;
      if (gap < 1000) c.lost += gap; // a larger jump is a reordered or duplicated packet, not a loss
    }
    this.lastSeq = seq;
  }

  close(): Promise<void> {
    return this.pc.close().catch(() => {});
  }
}
