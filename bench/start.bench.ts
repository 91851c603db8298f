/**
 * Start-up on an empty data folder: how long `npm start`'s server takes from its process being spawned to `/healthz`
 * answering 200, and how much memory it holds once idle. Each run starts the server as its own process on a new
 * temporary folder (LIVESPACE_DATA_DIR = <new temp folder>/data, not there yet, as `./data` is on a new checkout), a
 * free PORT, the demo off and no admin password (the first admin's password is generated and hashed, as on a first
 * start); polls `/healthz` every 20 ms; reads VmRSS from /proc/<pid>/status SETTLE seconds after it first answered 200;
 * stops it.
 *   node --import tsx bench/start.bench.ts [--runs 5] [--settle 10] [--server built|tsx] [--smoke]
 * --server built (default): `node apps/server/dist/main.js`, what `npm start` runs (made by `npm run build`);
 * --server tsx: `node --import tsx apps/server/src/main.ts`, the TypeScript sources compiled as they load.
 * --smoke: one start, 1 s settle; fails only when the server crashed or never became healthy.
 * Targets: healthy ≤ 3 s, idle RSS ≤ 500 MiB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../tests/support/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderTable, type Check } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILT = 'apps/server/dist/main.js';
const COMMANDS = {
  built: [BUILT],
  tsx: ['--import', 'tsx', 'apps/server/src/main.ts'],
} as const;

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    settle: { type: 'string' },
    server: { type: 'string', default: 'built' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const RUNS = Number(pick(values.runs, '5', '1', SMOKE));
const SETTLE_S = Number(pick(values.settle, '10', '1', SMOKE));
const TARGET_HEALTHY_S = 3;
const TARGET_RSS_MIB = 500;
/** A server that has not answered 200 by then never will: the run fails. */
const HEALTHY_LIMIT_S = 30;
const POLL_MS = 20;

interface StartRun {
  healthyS: number;
  rssMiB: number;
}

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Stops the server (SIGTERM, SIGKILL after 10 s). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One start on a new data folder; throws when the server exits or is not healthy within HEALTHY_LIMIT_S. */
async function startOnce(args: readonly string[]): Promise<StartRun> {
  const tmp = await mkdtemp(join(tmpdir(), 'livespace-start-'));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    LIVESPACE_DATA_DIR: join(tmp, 'data'),
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${out}`);
      if (await healthy(url)) break;
      if (performance.now() - t0 > HEALTHY_LIMIT_S * 1000)
        throw new Error(`server not healthy within ${HEALTHY_LIMIT_S} s:\n${out}`);
      await sleep(POLL_MS);
    }
    const healthyS = (performance.now() - t0) / 1000;
    await sleep(SETTLE_S * 1000);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) while idle:\n${out}`);
    return { healthyS, rssMiB: rssMiB(child.pid!) };
  } finally {
    await stop(child);
    process.off('exit', killOnExit);
    await rm(tmp, { recursive: true, force: true });
  }
}

const range = (xs: number[], digits: number, unit: string) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor((s.length - 1) / 2)]!;
  return s.length === 1
    ? `${s[0]!.toFixed(digits)} ${unit}`
    : `${s[0]!.toFixed(digits)}–${s.at(-1)!.toFixed(digits)} ${unit} (median ${median.toFixed(digits)})`;
};

async function main(): Promise<boolean> {
  if (SMOKE) smokeBanner('start bench');
  hardLimit('start bench', SMOKE ? 60 : RUNS * (SETTLE_S + HEALTHY_LIMIT_S + 15) + 30);
  const server = values.server;
  if (server !== 'built' && server !== 'tsx') throw new Error(`--server built|tsx, not ${server}`);
  if (server === 'built' && !existsSync(join(ROOT, BUILT)))
    throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
  const args = COMMANDS[server];
  console.log(
    `start bench: ${RUNS} start${RUNS === 1 ? '' : 's'} of \`node ${args.join(' ')}\` on a new data folder each, RSS read ${SETTLE_S} s after healthy`,
  );
  const runs: StartRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await startOnce(args);
    console.log(
      `  run ${i + 1}: healthy after ${r.healthyS.toFixed(2)} s, ${r.rssMiB.toFixed(0)} MiB resident ${SETTLE_S} s later`,
    );
    runs.push(r);
  }
  const healthyS = runs.map((r) => r.healthyS);
  const rss = runs.map((r) => r.rssMiB);
  const checks: Check[] = [
    {
      figure: 'spawn → /healthz 200 (empty data folder)',
      target: `≤ ${TARGET_HEALTHY_S} s`,
      cells: [{ value: range(healthyS, 2, 's'), pass: Math.max(...healthyS) <= TARGET_HEALTHY_S }],
    },
    {
      figure: `idle RSS (${SETTLE_S} s after healthy)`,
      target: `≤ ${TARGET_RSS_MIB} MiB`,
      cells: [{ value: range(rss, 0, 'MiB'), pass: Math.max(...rss) <= TARGET_RSS_MIB }],
    },
  ];
  console.log(
    `\nStart of \`node ${args.join(' ')}\`, ${RUNS} run${RUNS === 1 ? '' : 's'} (${new Date().toISOString()}):\n${renderTable(['value'], checks)}`,
  );
  return measuredSomething('start bench', { 'healthy starts': runs.length, 'idle RSS': Math.min(...rss) });
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
