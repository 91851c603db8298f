/**
 * Forked helper processes (clients, saturation servers) and their typed IPC: the load never shares the measured
 * process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<In, Out extends { type: string }> {
  readonly pid: number;
  send(msg: In): void;
  /** The next message of type `type` (messages are queued until asked for), or an error after `ms`. */
  next<T extends Out['type']>(type: T, ms?: number): Promise<Extract<Out, { type: T }>>;
  kill(): void;
}

export function forkChild<In, Out extends { type: string }>(script: URL, args: string[] = []): Child<In, Out> {
  const proc: ChildProcess = fork(fileURLToPath(script), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Out[] = [];
  const waiters: Array<() => void> = [];
  let exited: string | null = null;
  proc.on('message', (m) => {
    inbox.push(m as Out);
    for (const w of waiters.splice(0)) w();
  });
  proc.on('exit', (code, signal) => {
    exited = `exited (${code ?? signal})`;
    for (const w of waiters.splice(0)) w();
  });
  return {
    pid: proc.pid!,
    send: (msg) => {
      if (proc.connected) proc.send(msg as object);
    },
    async next(type, ms = 60_000) {
      const end = Date.now() + ms;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0] as Extract<Out, { type: typeof type }>;
        if (exited) throw new Error(`${script.pathname.split('/').pop()} ${exited} before sending ${type}`);
        if (Date.now() > end) throw new Error(`${script.pathname.split('/').pop()}: no ${type} within ${ms} ms`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 250);
        });
      }
    },
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}

/** In a forked child: typed messages from the parent, and back. */
export function onParent<In>(handler: (msg: In) => void | Promise<void>): void {
  process.on(
    'message',
    (m) =>
      void Promise.resolve(handler(m as In)).catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      }),
  );
  // The parent died or let go: nothing left to measure for.
  process.on('disconnect', () => process.exit(0));
}

export function toParent<Out>(msg: Out): void {
  process.send?.(msg as object);
}
