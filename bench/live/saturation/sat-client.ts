/**
 * Forked: clients of one server under test, all subscribed to every recorded session topic. Each counts the
 * event messages it receives by scanning the raw frame for EVENT_MARK, so no JSON is parsed: the clients share
 * the machine with the server and must cost as little, and the same, for every server.
 */
import WebSocket from 'ws';
import { onParent, toParent } from '../child';
import { EVENT_MARK, type SatClientIn, type SatClientOut, type SatKind } from './protocol';

const MARK = Buffer.from(EVENT_MARK);
const SUBSCRIBED = Buffer.from('"type":"subscribed"');
let events = 0;
let closed = 0;

function count(data: Buffer, what: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(what); i >= 0; i = data.indexOf(what, i + what.length)) n++;
  return n;
}

const countEvents = (data: Buffer) => count(data, MARK);

/** Connects one client and resolves once it is subscribed to every topic. */
function connect(kind: SatKind, port: number, topics: string[]): Promise<void> {
  // socket.io is spoken at the engine.io level (EIO=4 over a WebSocket): the server is the real socket.io;
  // socket.io-client would parse every packet, and on two shared cores that would limit it, not the server.
  const url =
    kind === 'socketio'
      ? `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`
      : `ws://127.0.0.1:${port}/?batch=1`;
  const ws = new WebSocket(url, { skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    let pending = topics.length;
    ws.once('error', reject);
    ws.on('close', () => closed++);
    ws.once('open', () => {
      if (kind !== 'socketio')
        for (const topic of topics) ws.send(JSON.stringify({ type: 'subscribe', topic, since: 0 }));
    });
    ws.on('message', (data: Buffer) => {
      events += countEvents(data);
      if (kind === 'socketio') {
        // Control packets are short; an event packet (42…) never is one of these.
        if (data.length > 256) return;
        const text = data.toString();
        if (text.startsWith('0{'))
          ws.send('40'); // engine.io open → connect to the main namespace
        else if (text.startsWith('40'))
          ws.send(`420${JSON.stringify(['join', topics])}`); // join, ack id 0
        else if (text.startsWith('430'))
          resolve(); // the join's ack
        else if (text === '2') ws.send('3'); // ping → pong
      } else if (pending > 0) {
        // A batched frame may hold several replies.
        pending -= count(data, SUBSCRIBED);
        if (data.includes('"type":"error"')) reject(new Error(`subscribe failed: ${data.toString().slice(0, 300)}`));
        else if (pending <= 0) resolve();
      }
    });
  });
}

onParent<SatClientIn>(async (msg) => {
  if (msg.type === 'init') {
    for (let i = 0; i < msg.clients; i++) await connect(msg.kind, msg.port, msg.topics);
    toParent<SatClientOut>({ type: 'ready' });
  } else if (msg.type === 'mark') {
    toParent<SatClientOut>({ type: 'count', events, at: performance.now(), closed });
  }
});
