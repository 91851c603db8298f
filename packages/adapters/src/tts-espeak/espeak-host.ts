/**
 * The server's side of the espeak host (espeak-host.worker.ts): one small child process that forks the espeak-ng
 * program for every synthesis slot, so the server never forks at its own size. Each slot looks to the pool like a
 * worker thread (`SynthThread`); the host process starts with the first slot and again after it died (its slots'
 * lines fail, as a crashed worker's would).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { workerUrl } from '../worker/start-worker';
import type { HostReply, HostRequest } from './espeak-host.worker';
import type { SynthJob, SynthReply } from './espeak.worker';
import type { SynthThread } from './worker-pool';

const HOST_URL = workerUrl('espeak-host.worker', import.meta.url);

/** Starts and keeps the host process; `thread()` gives the pool a slot of it. */
export class EspeakHost {
  private child: ChildProcess | null = null;
  private readonly slots = new Map<number, HostSlot>();
  private nextSlot = 1;
  /** Slots with a line running: the host keeps the server alive only then, as a busy worker thread does. */
  private busy = 0;

  constructor(private readonly program: string) {}

  /** The host process's id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A new slot, for one synthesis at a time. */
  thread(): SynthThread {
    const slot = new HostSlot(this, this.nextSlot++);
    this.slots.set(slot.id, slot);
    this.process();
    return slot;
  }

  send(req: HostRequest): void {
    this.process().send(req);
  }

  /** A slot ended (its timeout, or the pool closing): its running line is killed in the host. */
  drop(slot: HostSlot): void {
    if (!this.slots.delete(slot.id)) return;
    if (this.child?.connected) this.child.send({ slot: slot.id, stop: true } satisfies HostRequest);
    if (this.slots.size === 0) {
      this.child?.disconnect();
      this.child = null;
    }
  }

  busyChange(delta: 1 | -1): void {
    this.busy += delta;
    this.keepAliveWhileBusy();
  }

  /** The host (its process and its channel) keeps the server alive only while a line runs. */
  private keepAliveWhileBusy(): void {
    const child = this.child;
    if (!child) return;
    if (this.busy > 0) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }

  private process(): ChildProcess {
    if (this.child) return this.child;
    const ts = HOST_URL.pathname.endsWith('.ts');
    const child = fork(fileURLToPath(HOST_URL), [this.program], {
      // Under tsx (tests, benches) the entry is TypeScript; built, plain JavaScript.
      execArgv: ts ? ['--import', import.meta.resolve('tsx')] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (r: HostReply) => {
      const { slot, ...reply } = r;
      this.slots.get(slot)?.emit('message', reply satisfies SynthReply);
    });
    const gone = (err?: Error) => {
      if (this.child !== child) return;
      this.child = null;
      const slots = [...this.slots.values()];
      this.slots.clear();
      for (const s of slots) {
        if (err) s.emit('error', err);
        else s.emit('exit', child.exitCode ?? 1);
      }
    };
    child.on('exit', () => gone());
    child.on('error', (err) => gone(err));
    this.keepAliveWhileBusy();
    return child;
  }
}

/** One slot of the host, as the pool sees a worker thread. */
class HostSlot extends EventEmitter implements SynthThread {
  private running = false;

  constructor(
    private readonly host: EspeakHost,
    readonly id: number,
  ) {
    super();
  }

  postMessage(job: SynthJob): void {
    this.host.send({ slot: this.id, ...job });
  }

  ref(): void {
    if (!this.running) this.host.busyChange(1);
    this.running = true;
  }

  unref(): void {
    if (this.running) this.host.busyChange(-1);
    this.running = false;
  }

  async terminate(): Promise<number> {
    this.unref();
    this.host.drop(this);
    return 0;
  }
}
