/**
 * Requests between server processes over the bus: a supervisor's action that reaches a process which
 * does not own the session is carried to the owner, run there, and its answer carried back.
 */
import { channel, publish, subscribe, type Bus } from '../ports/index';

/**
 * A kind of request one process carries to another: its name on the bus, and the types of its body and answer. Made
 * once with `route()` beside the code that serves it; `serve` and `request` take it, so both ends agree on the types.
 */
export interface Route<Req, Res> {
  readonly op: string;
  /** Types only: never set. */
  readonly types?: { req: Req; res: Res };
}

export function route<Req, Res>(op: string): Route<Req, Res> {
  return { op };
}

interface RoutedRequest {
  id: string;
  /** The asking process; the answer goes to its replies channel. */
  from: string;
  op: string;
  body: unknown;
}

interface RoutedReply {
  id: string;
  ok: boolean;
  body?: unknown;
  error?: string;
}

/** Each process's own channels: the requests it is to run, and the answers to its own requests. */
const commands = (processId: string) => channel<RoutedRequest>(`node-commands:${processId}`);
const replies = (processId: string) => channel<RoutedReply>(`node-replies:${processId}`);

export class CommandRouter {
  private readonly pending = new Map<
    string,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >();
  /** What this process serves, by route name. */
  private readonly served = new Map<string, (body: unknown) => Promise<unknown>>();
  private unsubscribe: Array<() => Promise<void>> = [];
  private seq = 0;

  constructor(
    private readonly bus: Bus,
    readonly processId: string,
    private readonly timeoutMs = 5000,
  ) {}

  /** Runs `handle` for `r`'s requests carried here from other processes (registered before `start`). */
  serve<Req, Res>(r: Route<Req, Res>, handle: (body: Req) => Promise<Res>): void {
    if (this.served.has(r.op)) throw new Error(`the route ${r.op} is served twice`);
    // A request names its route, and request() sent the route's body type: the same code runs on every process.
    this.served.set(r.op, handle as (body: unknown) => Promise<unknown>);
  }

  /** Starts answering requests for the routes served and listening for answers to ours. */
  async start(): Promise<void> {
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
        const handle = this.served.get(req.op);
        void (handle ? handle(req.body) : Promise.reject(new Error(`no route ${req.op} here`)))
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

  /** Runs `r` with `body` on process `to`; rejects when it fails or does not answer in time. */
  request<Req, Res>(to: string, r: Route<Req, Res>, body: Req): Promise<Res> {
    const id = `${this.processId}:${++this.seq}`;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`process ${to} did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      publish(this.bus, commands(to), { id, from: this.processId, op: r.op, body }).catch((err: Error) => {
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
