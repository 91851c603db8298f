/**
 * A process holding many listening peers for bench/listeners.bench.ts, so their CPU is not the server's.
 * Forked with an IPC channel; see ./protocol.ts. Exits when told to close or when the parent goes away.
 */
import { ListenerPeer } from './listener-peer';
import { startStunResponder } from './stun-responder';
import type { FromChild, ToChild } from './protocol';

const JOIN_CONCURRENCY = 8;
const JOIN_ATTEMPTS = 3;
const peers: ListenerPeer[] = [];
const send = (m: FromChild) => process.send!(m);
const stun = startStunResponder();

async function listen(url: string, token: string, sessionId: string): Promise<ListenerPeer> {
  return ListenerPeer.join(
    async (sdp) => {
      const r = await fetch(`${url}/api/sessions/${sessionId}/listen`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sdp }),
      });
      if (!r.ok) throw new Error(`listen ${sessionId}: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { sdp: string }).sdp;
    },
    (await stun).port,
  );
}

async function join(m: Extract<ToChild, { type: 'join' }>): Promise<void> {
  let ok = 0;
  let failed = 0;
  let retried = 0;
  let firstError: string | undefined;
  const queue = [...m.sessionIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      // As a person would click Listen again: a join that failed is tried again, twice at most.
      for (let attempt = 0; ; attempt++) {
        try {
          peers.push(await listen(m.url, m.token, id));
          ok++;
          break;
        } catch (err) {
          firstError ??= (err as Error).message;
          if (attempt === JOIN_ATTEMPTS - 1) {
            failed++;
            break;
          }
          retried++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: JOIN_CONCURRENCY }, worker));
  send({ type: 'joined', ok, failed, retried, ...(firstError ? { firstError } : {}) });
}

process.on('message', (m: ToChild) => {
  if (m.type === 'join') void join(m);
  else if (m.type === 'stats') {
    send({ type: 'stats', at: performance.now(), peers: peers.map((p) => ({ ...p.counts })) });
  } else if (m.type === 'close') {
    setTimeout(() => process.exit(0), 5000).unref(); // a peer that never finishes closing does not hold the exit
    void Promise.all(peers.map((p) => p.close())).then(() => {
      send({ type: 'closed' });
      process.exit(0);
    });
  }
});
// The parent is gone (crashed or killed): nothing left to do here.
process.on('disconnect', () => process.exit(0));
