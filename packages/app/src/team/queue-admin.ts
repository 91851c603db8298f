/**
 * Use case: queue administration. An admin configures a queue's service level and its place in the priority order,
 * and who works it (members live on the users' `queues`, so one list says who works what). Every process keeps the
 * configured queues in memory for the queue figures and reads them again when any process changes one (bus).
 */
import type { QueueConfig } from '@livespace/protocol';
import { channel, publish, subscribe, type Bus, type Clock, type QueueSettings, type Store } from '../ports/index';

/** Bus channel: a queue's configuration changed; every process reads the configured queues again. */
const QUEUE_CONFIG_CHANNEL = channel<{ name: string }>('queue-config');

/** Why a queue change was refused, in the queues' own terms. */
export type QueueRefusal =
  | { refused: 'exists'; message: string }
  | { refused: 'not_found'; message: string }
  | { refused: 'unknown_members'; ids: string[]; message: string };

export interface QueueChange {
  slaSeconds?: number;
  priority?: number;
  members?: string[];
}

export class QueueAdmin {
  private settings = new Map<string, QueueSettings>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      bus: Bus;
      clock: Clock;
      /** The service level of a queue nobody configured. */
      defaultSlaSeconds: number;
      /** Every queue known without configuration (flows, users, the day's escalations). */
      knownQueues: () => readonly string[];
      /** These users' queues changed (their screens and presence follow). */
      membersChanged: (userIds: string[]) => Promise<void>;
      /** The configuration changed on this process or another (the queue figures follow). */
      onChanged: () => void;
    },
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = await subscribe(this.deps.bus, QUEUE_CONFIG_CHANNEL, () => {
      this.reload().then(this.deps.onChanged, () => undefined);
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** Configured queues by name, as this process knows them now (for the figures). */
  configured(): ReadonlyMap<string, QueueSettings> {
    return this.settings;
  }

  /** Queue names in their order: configured ones by priority (then name), then the others by name. */
  order(names: Iterable<string>): string[] {
    const rank = (n: string) => this.settings.get(n)?.priority ?? Number.POSITIVE_INFINITY;
    return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Every queue, configured or only known, with its members. */
  async list(): Promise<QueueConfig[]> {
    const users = await this.deps.store.listUsers();
    await this.reload();
    const names = [...this.deps.knownQueues(), ...this.settings.keys()];
    for (const u of users) names.push(...u.queues);
    return this.order(names).map((name) => {
      const s = this.settings.get(name);
      return {
        name,
        slaSeconds: s?.slaSeconds ?? this.deps.defaultSlaSeconds,
        priority: s?.priority ?? null,
        members: users.filter((u) => u.queues.includes(name)).map((u) => u.id),
        configured: s !== undefined,
      };
    });
  }

  /** Configures a queue (new or only known so far). Without a priority it goes last. */
  async create(name: string, change: QueueChange): Promise<QueueConfig | QueueRefusal> {
    const unknown = await this.unknownMembers(change.members);
    if (unknown) return unknown;
    const last = Math.max(0, ...(await this.deps.store.listQueueSettings()).map((q) => q.priority));
    const created = await this.deps.store.createQueueSettings(
      {
        name,
        slaSeconds: change.slaSeconds ?? this.deps.defaultSlaSeconds,
        priority: change.priority ?? Math.min(1000, last + 1),
      },
      this.deps.clock.now(),
    );
    if (created === 'exists')
      return { refused: 'exists', message: `The queue ${name} is configured already; change it instead` };
    return this.changed(name, change.members);
  }

  /** Changes a queue. A queue known but not configured yet is configured by its first change. */
  async update(name: string, change: QueueChange): Promise<QueueConfig | QueueRefusal> {
    const unknown = await this.unknownMembers(change.members);
    if (unknown) return unknown;
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateQueueSettings(name, change, now);
    if (!updated) {
      const known = (await this.list()).some((q) => q.name === name);
      if (!known) return { refused: 'not_found', message: `No queue is named ${name}` };
      return this.create(name, change);
    }
    return this.changed(name, change.members);
  }

  private async changed(name: string, members: string[] | undefined): Promise<QueueConfig> {
    if (members) {
      const moved = await this.deps.store.setQueueMembers(name, members);
      if (moved.length > 0) await this.deps.membersChanged(moved);
    }
    // list() reads the settings again, so the figures below see the change.
    const queue = (await this.list()).find((q) => q.name === name)!;
    this.deps.onChanged();
    await publish(this.deps.bus, QUEUE_CONFIG_CHANNEL, { name }).catch(() => undefined);
    return queue;
  }

  private async unknownMembers(ids: string[] | undefined): Promise<QueueRefusal | null> {
    if (!ids || ids.length === 0) return null;
    const known = new Set((await this.deps.store.listUsers()).map((u) => u.id));
    const unknown = [...new Set(ids)].filter((id) => !known.has(id));
    return unknown.length
      ? { refused: 'unknown_members', ids: unknown, message: `No user has the id ${unknown.join(', ')}` }
      : null;
  }

  private async reload(): Promise<void> {
    this.settings = new Map((await this.deps.store.listQueueSettings()).map((q) => [q.name, q]));
  }
}
