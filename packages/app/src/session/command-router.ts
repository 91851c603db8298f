/**
 * Requests between server processes over the bus: a supervisor's action that reaches a process which
 * does not own the session is carried to the owner, run there, and its answer carried back.
 */
import { channel, publish, subscribe, type Bus } from '../ports/index';

interface RoutedRequest<T = unknown> {
  id: string;
  /** The asking node; the answer goes to its replies channel. */
  from: string;
  body: T;
}

interface RoutedReply {
  id: string;
  ok: boolean;
  body?: unknown;
  error?: string;
}

/** Each process's own channels: the requests it is to run, and the answers to its own requests. */
const commands = (node: string) => channel<RoutedRequest>(`node-commands:${node}`);
const replies = (node: string) => channel<RoutedReply>(`node-replies:${node}`);

export class CommandRouter {
  private readonly pending = new Map<
    string,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >();
  private unsubscribe: Array<() => Promise<void>> = [];
  private seq = 0;

  constructor(
    private readonly bus: Bus,
    readonly processId: string,
    private readonly timeoutMs = 5000,
  ) {}

  /** Starts answering requests with `handle` and listening for answers to ours. */
  async start(handle: (body: unknown) => Promise<unknown>): Promise<void> {
    this.unsubscribe.push(
      await subscribe(this.bus, replies(this.processId), (reply) => {
        const p = this.pending.get(reply.id);
        if (!p) return; // answered after its time was up
        this.pending.delete(reply.id);
        clearTimeout(p.timer);
        if (reply.ok) p.resolve(reply.body);
        else p.reject(new Error(reply.error ?? 'the owner failed'));
      }),
    );
    this.unsubscribe.push(
      await subscribe(this.bus, commands(this.processId), (req) => {
        void handle(req.body)
          .then(
            (body) => publish(this.bus, replies(req.from), { id: req.id, ok: true, body }),
            (err: unknown) =>
              publish(this.bus, replies(req.from), {
                id: req.id,
                ok: false,
                error: err instanceof Error ? err.message : String(err),
              }),
          )
          .catch(() => {});
      }),
    );
  }

  /** Runs `body` on node `to`; rejects when it fails or does not answer in time. */
  request<T>(to: string, body: unknown): Promise<T> {
    const id = `${this.processId}:${++this.seq}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`node ${to} did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      publish(this.bus, commands(to), { id, from: this.processId, body }).catch((err: Error) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      });
    });
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) await u();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('closing'));
    }
    this.pending.clear();
  }
}
