/** A test client of `GET /api/live` that records every message in order. */
import WebSocket from 'ws';

export interface LiveMessage {
  type: string;
  topic?: string;
  seq?: number;
  data?: any;
  event?: any;
  code?: string;
  [k: string]: unknown;
}

export class TestLiveClient {
  readonly messages: LiveMessage[] = [];
  /** When each of `messages` came (ms since the epoch): the messages of one frame share it. */
  readonly receivedAt: number[] = [];
  closeCode: number | null = null;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as LiveMessage | LiveMessage[];
      const at = Date.now();
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        this.messages.push(m);
        this.receivedAt.push(at);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(baseUrl: string, token: string | null, opts: { batch?: boolean } = {}): Promise<TestLiveClient> {
    const q = new URLSearchParams();
    if (token) q.set('token', token);
    if (opts.batch) q.set('batch', '1');
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live?${q}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestLiveClient(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Waits until `pred` holds for the messages received so far. */
  async waitFor<T>(pred: (msgs: LiveMessage[]) => T | undefined | false, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const r = pred(this.messages);
      if (r) return r;
      if (Date.now() > end)
        throw new Error(`timed out; last messages: ${JSON.stringify(this.messages.slice(-5)).slice(0, 1500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
