/**
 * Starts the real server as its own process, on a free port, with a fresh data folder (and database when DATABASE_URL
 * is set).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './test-database';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartedServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  /** The environment the process runs with (a second node reuses DATABASE_URL and the Redis prefix). */
  env: Readonly<Record<string, string>>;
  /** Everything the process printed (its JSON logs), for assertions about logging. */
  output(): string;
  /** fetch as the admin (bearer token), JSON body when given an object. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  token(): Promise<string>;
  login(email: string, password: string): Promise<string>;
  /** Kills the process at once (SIGKILL): no goodbye, as in a crash. */
  kill(): Promise<void>;
  /** Stops the process (SIGTERM) and keeps its data, for restart tests. */
  stopProcess(): Promise<void>;
  /** Starts the process again on the same data (and port 0 → a new port). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Use PGlite even when DATABASE_URL is set. */
  embedded?: boolean;
}

export async function startServer(opts: StartOptions = {}): Promise<StartedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'livespace-test-'));
  // A server given DATABASE_URL in opts.env shares that database (a second node); otherwise each gets its own.
  const db: TestDatabase | null =
    process.env.DATABASE_URL && !opts.embedded && !opts.env?.DATABASE_URL
      ? await createTestDatabase(process.env.DATABASE_URL)
      : null;
  const adminEmail = 'admin@test.local';
  const adminPassword = 'test-admin-password';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    HOST: '127.0.0.1',
    LIVESPACE_DATA_DIR: join(dataDir, 'data'),
    LIVESPACE_ADMIN_EMAIL: adminEmail,
    LIVESPACE_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'info',
    // Test suites sign the same people in many times a minute; the limit itself has its own test.
    LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '100000',
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(process.env.REDIS_URL && !opts.embedded
      ? {
          REDIS_URL: process.env.REDIS_URL,
          LIVESPACE_REDIS_PREFIX: `livespace-test-${randomBytes(4).toString('hex')}:`,
        }
      : {}),
    ...opts.env,
  };
  let child: ChildProcess | null = null;
  let out = '';
  let url = '';
  let token: string | null = null;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const from = out.length;
      const p = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = p;
      const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out.slice(-3000)}`)), 60_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /Live Space: (http:\/\/\S+)/.exec(out.slice(from));
        if (m && !url) {
          url = m[1]!;
          clearTimeout(timer);
          resolve();
        }
      };
      p.stdout!.on('data', onData);
      p.stderr!.on('data', onData);
      p.on('exit', (code) => {
        if (!url) {
          clearTimeout(timer);
          reject(new Error(`server exited with ${code}:\n${out.slice(-3000)}`));
        }
      });
    });

  const stopProcess = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const p = child as ChildProcess | null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => p.kill('SIGKILL'), 15_000);
      p.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      p.kill(signal);
    });
  };

  await launch();
  const server: StartedServer = {
    get url() {
      return url;
    },
    adminEmail,
    adminPassword,
    dataDir,
    env,
    output: () => out,
    async login(email, password) {
      const r = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { token: string }).token;
    },
    async token() {
      return (token ??= await server.login(adminEmail, adminPassword));
    },
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${await server.token()}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${url}${path}`, { ...init, headers, body: body ?? null });
    },
    stopProcess: () => stopProcess(),
    kill: () => stopProcess('SIGKILL'),
    async restart() {
      await stopProcess();
      url = '';
      token = null;
      await launch();
    },
    async stop() {
      await stopProcess();
      await db?.drop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A second server process sharing `first`'s database and Redis prefix (a scale-out peer); `env` adds to it. */
export function startPeer(first: StartedServer, env: Record<string, string> = {}): Promise<StartedServer> {
  return startServer({
    env: { ...env, DATABASE_URL: first.env.DATABASE_URL!, LIVESPACE_REDIS_PREFIX: first.env.LIVESPACE_REDIS_PREFIX! },
  });
}
