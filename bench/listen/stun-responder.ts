/**
 * A minimal local STUN server (binding requests only) for the listening peers. werift always asks a STUN
 * server while gathering and falls back to stun.l.google.com when given none; its DNS lookup may stall
 * gathering for seconds offline. A browser's RTCPeerConnection() asks none, so the peers ask this one:
 * answered at once, it keeps their joins as quick as a browser's.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;

/** Binds on 127.0.0.1 and answers every binding request with the sender's address; resolves to the port. */
export async function startStunResponder(): Promise<{ port: number; close(): void }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    // A binding request: type 0x0001, the magic cookie, a 12-byte transaction id.
    if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001 || msg.readUInt32BE(4) !== MAGIC_COOKIE) return;
    const res = Buffer.alloc(32);
    res.writeUInt16BE(0x0101, 0); // binding success response
    res.writeUInt16BE(12, 2); // one attribute: 4-byte header + 8-byte value
    res.writeUInt32BE(MAGIC_COOKIE, 4);
    msg.copy(res, 8, 8, 20);
    res.writeUInt16BE(0x0020, 20); // XOR-MAPPED-ADDRESS
    res.writeUInt16BE(8, 22);
    res.writeUInt16BE(0x0001, 24); // IPv4
    res.writeUInt16BE(from.port ^ (MAGIC_COOKIE >>> 16), 26);
    const ip = from.address.split('.').reduce((a, b) => a * 256 + Number(b), 0);
    res.writeUInt32BE((ip ^ MAGIC_COOKIE) >>> 0, 28);
    socket.send(res, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => socket.close() };
}
