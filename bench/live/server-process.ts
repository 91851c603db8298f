/**
 * The real Live Space server as its own process, for load runs. Unlike tests/support/start-server.ts it
 * exposes the pid (CPU and RSS are read from /proc), never inherits REDIS_URL (one process, in-memory bus),
 * and can write a CPU profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-database';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_EMAIL = 'bench@test.local';
const ADMIN_PASSWORD = 'bench-admin-password';
/** The admin every bench server starts with (a bench that signs in through the web app's login page needs it). */
export const BENCH_ADMIN = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } as const;

export interface ServerProcessOptions {
  /** postgres://… base URL: a fresh database is created on it and dropped afterwards. Unset: embedded PGlite. */
  databaseUrl?: string;
  /** postgres://… of a database to use as it is (several processes of one deployment share it); the caller drops it. */
  sharedDatabaseUrl?: string;
  /** Redis for the bus (several processes): with a prefix of the caller's, so runs never meet. */
  redis?: { url: string; prefix: string };
  env?: Record<string, string>;
  /** Folder for a `node --cpu-prof` profile of the server, written when it exits. */
  cpuProfDir?: string;
  /** Everything the server prints (its JSON log lines), as it comes. */
  onOutput?: (chunk: string) => void;
}

export interface ServerProcess {
  url: string;
  pid: number;
  token: string;
  api<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** When the process has ended by itself: how, and the last of its output. */
  died(): string | null;
  stop(): Promise<void>;
}

export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'livespace-bench-'));
  const db: TestDatabase | null = opts.databaseUrl ? await createTestDatabase(opts.databaseUrl) : null;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    HOST: '127.0.0.1',
    LIVESPACE_DATA_DIR: join(dataDir, 'data'),
    LIVESPACE_ADMIN_EMAIL: ADMIN_EMAIL,
    LIVESPACE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Request logs of 1,000 call placements and per-client warnings are not what is measured.
    LOG_LEVEL: 'warn',
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(opts.sharedDatabaseUrl ? { DATABASE_URL: opts.sharedDatabaseUrl } : {}),
    ...(opts.redis ? { REDIS_URL: opts.redis.url, LIVESPACE_REDIS_PREFIX: opts.redis.prefix } : {}),
    // Where the embedded database's thread spends its time (pglite.worker.ts), when asked.
    ...(process.env.LIVESPACE_PGLITE_PROFILE ? { LIVESPACE_PGLITE_PROFILE: process.env.LIVESPACE_PGLITE_PROFILE } : {}),
    ...opts.env,
  };
  const execArgv = ['--import', 'tsx', ...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [])];
  const child: ChildProcess = spawn(process.execPath, [...execArgv, 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever ends this process (a hard time limit, Ctrl-C), the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  const cleanup = async () => {
    await db?.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 60 s:\n${out.slice(-2000)}`));
    }, 60_000);
    const onData = (b: Buffer) => {
      opts.onOutput?.(b.toString());
      out = (out + b.toString()).slice(-20_000);
      const m = /Live Space: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-2000)}`));
    });
  }).catch(async (err: unknown) => {
    await cleanup();
    throw err;
  });

  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const token = ((await login.json()) as { token: string }).token;

  let stopping = false;
  return {
    url,
    pid: child.pid!,
    token,
    died: () =>
      !stopping && (child.exitCode !== null || child.signalCode !== null)
        ? `server exited (${child.exitCode ?? child.signalCode}):\n${out.slice(-3000)}`
        : null,
    async api<T>(path: string, body?: unknown): Promise<T> {
      const r = await fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          // Ending 1,000 live sessions and writing a profile takes a moment; never wait forever.
          const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      process.off('exit', killOnExit);
      await cleanup();
    },
  };
}
