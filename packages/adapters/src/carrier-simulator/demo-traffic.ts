/** Demo mode: keeps a steady number of simulated calls and message conversations going. */
import type { Channel } from '@livespace/protocol';
import type { PersonaName } from '@livespace/domain';
import type { SimCall } from './sim-call';
import type { SimulatorCarrier } from './simulator.carrier';

/** A persona the demo sends to one agent: how often, and whether that conversation ends with a callback booked. */
export interface DemoPersona {
  persona: PersonaName;
  weight: number;
  booksCallback: boolean;
}

export interface DemoTrafficOptions {
  voiceCalls: number;
  conversations: number;
  /** Which personas call which agent; a new session picks a pair, then a persona of it (by weight). */
  pairs: ReadonlyArray<{ agentId: string; personas: readonly DemoPersona[] }>;
  /**
   * How many more callbacks may be booked now (the bound less those pending); unset: no limit. Calls placed
   * that will book one and have not ended count against it too, so the bound holds while they talk.
   */
  callbackRoom?: () => number;
  random?: () => number;
}

export class DemoTraffic {
  private timer: NodeJS.Timeout | null = null;
  private readonly random: () => number;
  /** Live calls placed with a persona that books a callback with their agent. */
  private readonly bookers = new Set<SimCall>();

  constructor(
    private readonly sim: SimulatorCarrier,
    private readonly opts: DemoTrafficOptions,
  ) {
    this.random = opts.random ?? Math.random;
  }

  /** Checks every second; starts at most a few sessions per check so arrivals look natural. */
  start(): void {
    this.timer = setInterval(() => this.top(), 1000);
    this.timer.unref();
    this.top();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private top(): void {
    const calls = this.sim.liveCalls();
    const live = new Set(calls);
    for (const c of this.bookers) if (!live.has(c)) this.bookers.delete(c);
    const voice = calls.filter((c) => c.channel === 'voice').length;
    const messages = calls.length - voice;
    for (let i = 0; i < Math.min(3, this.opts.voiceCalls - voice); i++) this.place('voice');
    if (messages < this.opts.conversations) this.place(this.random() < 0.6 ? 'whatsapp' : 'sms');
  }

  private place(channel: Channel): void {
    const pair = this.opts.pairs[Math.floor(this.random() * this.opts.pairs.length)];
    if (!pair) return;
    const room = this.opts.callbackRoom ? this.opts.callbackRoom() - this.bookers.size : Infinity;
    const chosen = pickPersona(pair.personas, room > 0, this.random());
    if (!chosen) return;
    try {
      const call = this.sim.placeCall({
        persona: chosen.persona,
        channel,
        agentId: pair.agentId,
        from: randomNumber(this.random),
      });
      if (chosen.booksCallback) this.bookers.add(call);
    } catch {
      // The engine is shutting down; the next tick tries again or the timer is gone.
    }
  }
}

/**
 * A persona by weight (`rnd` in [0, 1)); those that book a callback only when `mayBook`. Null when none is left
 * (every persona of the pair books one and there is no room).
 */
export function pickPersona(personas: readonly DemoPersona[], mayBook: boolean, rnd: number): DemoPersona | null {
  const allowed = personas.filter((p) => p.weight > 0 && (mayBook || !p.booksCallback));
  const total = allowed.reduce((sum, p) => sum + p.weight, 0);
  let left = rnd * total;
  for (const p of allowed) {
    left -= p.weight;
    if (left < 0) return p;
  }
  return allowed.at(-1) ?? null;
}

/** A fictional North American number (555-01xx is reserved for fiction). */
export function randomNumber(random: () => number): string {
  const areas = ['212', '312', '415', '512', '617', '646', '702', '808'];
  const area = areas[Math.floor(random() * areas.length)]!;
  return `+1${area}55501${String(Math.floor(random() * 100)).padStart(2, '0')}`;
}
