/** Demo mode: keeps a steady number of simulated calls and message conversations going. */
import type { Channel } from '@livespace/protocol';
import type { PersonaName } from '@livespace/domain';
import type { SimulatorCarrier } from './simulator.carrier';

export interface DemoTrafficOptions {
  voiceCalls: number;
  conversations: number;
  /** Which personas call which agent; a new session picks a pair, then a persona of it. */
  pairs: ReadonlyArray<{ agentId: string; personas: readonly PersonaName[] }>;
  random?: () => number;
}

export class DemoTraffic {
  private timer: NodeJS.Timeout | null = null;
  private readonly random: () => number;

  constructor(private readonly sim: SimulatorCarrier, private readonly opts: DemoTrafficOptions) {
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
    const voice = calls.filter((c) => c.channel === 'voice').length;
    const messages = calls.length - voice;
    for (let i = 0; i < Math.min(3, this.opts.voiceCalls - voice); i++) this.place('voice');
    if (messages < this.opts.conversations) this.place(this.random() < 0.6 ? 'whatsapp' : 'sms');
  }

  private place(channel: Channel): void {
    const pair = this.opts.pairs[Math.floor(this.random() * this.opts.pairs.length)];
    if (!pair) return;
    const persona = pair.personas[Math.floor(this.random() * pair.personas.length)]!;
    try {
      this.sim.placeCall({ persona, channel, agentId: pair.agentId, from: randomNumber(this.random) });
    } catch {
      // The engine is shutting down; the next tick tries again or the timer is gone.
    }
  }
}

/** A fictional North American number (555-01xx is reserved for fiction). */
export function randomNumber(random: () => number): string {
  const areas = ['212', '312', '415', '512', '617', '646', '702', '808'];
  const area = areas[Math.floor(random() * areas.length)]!;
  return `+1${area}55501${String(Math.floor(random() * 100)).padStart(2, '0')}`;
}
