/**
 * A WebRTC peer that listens (and may talk) like a supervisor's browser, for server tests; werift speaks the real
 * protocol.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { encodeMulaw } from '@livespace/adapters/media/mulaw';

export class TestListener {
  readonly payloads: Buffer[] = [];
  private toneTimer: NodeJS.Timeout | null = null;
  private constructor(
    readonly pc: RTCPeerConnection,
    private readonly mic: MediaStreamTrack | null,
  ) {}

  /**
   * Makes an offer (sendrecv with a microphone track when `talk`); `answer` posts it and returns the server's answer
   * SDP.
   */
  static async join(
    answer: (offerSdp: string) => Promise<string>,
    opts: { talk?: boolean } = {},
  ): Promise<TestListener> {
    const pc = new RTCPeerConnection({
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })],
        video: [],
      },
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    const mic = opts.talk ? new MediaStreamTrack({ kind: 'audio' }) : null;
    const l = new TestListener(pc, mic);
    if (mic) pc.addTransceiver(mic, { direction: 'sendrecv' });
    else pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => l.payloads.push(p.payload)));
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((r) =>
        pc.iceGatheringStateChange.subscribe((s) => {
          if (s === 'complete') r();
        }),
      );
    }
    l.answerSdp = await answer(pc.localDescription!.sdp);
    await pc.setRemoteDescription({ type: 'answer', sdp: l.answerSdp });
    return l;
  }

  answerSdp = '';

  /** Sends a 440 Hz tone from the "microphone", 20 ms a packet. */
  startTone(): void {
    const mic = this.mic;
    if (!mic) throw new Error('joined without a microphone');
    let seq = 1;
    let ts = 0;
    let phase = 0;
    this.toneTimer = setInterval(() => {
      const pcm = new Int16Array(160);
      for (let i = 0; i < 160; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase++) / 8000));
      mic.writeRtp(
        new RtpPacket(
          new RtpHeader({ payloadType: 0, sequenceNumber: seq++ & 0xffff, timestamp: (ts += 160) >>> 0 }),
          Buffer.from(encodeMulaw(pcm)),
        ),
      );
    }, 20);
  }

  async close(): Promise<void> {
    if (this.toneTimer) clearInterval(this.toneTimer);
    await this.pc.close();
  }
}
