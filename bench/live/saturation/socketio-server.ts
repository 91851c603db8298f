/** (c) socket.io with rooms: one room per session topic, `io.to(room).emit(…)` per event (encoded once per emit). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { EventWrite } from '@livespace/app';
import { eventMessage } from './recorded';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS, type SatServer } from './server-kind';

/** The engine.io internals that hold a client's backlog: packets not yet handed to the socket, and the socket. */
interface EngineConn {
  writeBuffer: unknown[];
  transport: { socket?: { bufferedAmount?: number } };
}

export async function startSocketIoServer(): Promise<SatServer> {
  const http = createServer();
  const io = new Server(http, {
    transports: ['websocket'],
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: 64 * 1024,
  });
  io.on('connection', (socket) => {
    socket.on('join', (rooms: string[], ack?: () => void) => {
      void socket.join(rooms);
      ack?.();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    publish(batch: EventWrite[]) {
      for (const w of batch) {
        const msg = eventMessage(w);
        io.to(msg.topic).emit('event', msg);
      }
    },
    backedUp() {
      for (const s of io.sockets.sockets.values()) {
        const conn = s.conn as unknown as EngineConn;
        if (
          conn.writeBuffer.length > MAX_QUEUED_EVENTS ||
          (conn.transport.socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES
        )
          return true;
      }
      return false;
    },
    async close() {
      await io.close();
    },
  };
}
