/** A WebRTC peer that listens like a supervisor's browser (recvonly PCMU), for server tests; werift speaks the real protocol. */
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

export class TestListener {
  readonly payloads: Buffer[] = [];
  private constructor(readonly pc: RTCPeerConnection) {}

  /** Makes an offer; `answer` posts it and returns the server's answer SDP. */
  static async join(answer: (offerSdp: string) => Promise<string>): Promise<TestListener> {
    const pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })], video: [] },
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    const l = new TestListener(pc);
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => l.payloads.push(p.payload)));
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((r) => pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') r(); }));
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: await answer(pc.localDescription!.sdp) });
    return l;
  }

  async close(): Promise<void> {
    await this.pc.close();
  }
}
