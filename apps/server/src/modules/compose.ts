/** How `startServer` composes the vendor modules: their providers first, then their carriers and channels. */
import type { FastifyInstance } from 'fastify';
import type { Carrier, OutboundLeg, SessionRegistry } from '@livespace/app';
import type { NumberCarrier } from '@livespace/protocol';
import type { Config } from '../config';
import type { AgentDirectory } from '../agent-directory';
import type {
  AiProviders,
  Answer,
  ConnectContext,
  Plug,
  ProvideContext,
  Provided,
  RouteContext,
  ServerModule,
} from './module';

/** The modules this configuration uses, in the list's order (they start in it, and stop in it). */
export function enabledModules(modules: readonly ServerModule[], config: Config): ServerModule[] {
  return modules.filter((m) => m.enabled(config));
}

export interface Providing {
  providers: AiProviders;
  close(): Promise<void>;
}

/** Every module's providers; each slot from the first module that fills it, the agents' voice the offline one else. */
export function provideModules(modules: readonly ServerModule[], ctx: ProvideContext): Providing {
  const given: Provided[] = modules.flatMap((m) => (m.provide ? [m.provide(ctx)] : []));
  const offlineTts = given.find((p) => p.offlineTts)?.offlineTts ?? null;
  return {
    providers: {
      offlineTts,
      agentTts: given.find((p) => p.agentTts)?.agentTts ?? offlineTts,
      stt: given.find((p) => p.stt)?.stt ?? null,
      llm: given.find((p) => p.llm)?.llm ?? null,
    },
    async close() {
      for (const p of given) await p.close?.();
    },
  };
}

/** The connected modules, as one. */
export interface Vendors {
  /** What `module` brought; undefined when it is not enabled. */
  of<P extends Plug>(module: ServerModule<P>): P | undefined;
  /**
   * Our calls leave on the carrier of the number they are placed from (its mapping in /api/numbers); unmapped numbers,
   * and numbers of a carrier not configured, use the simulator.
   */
  outbound: Carrier;
  onPlaced(sessionId: string, leg: OutboundLeg): void;
  routes(app: FastifyInstance, ctx: RouteContext): void;
  close(): Promise<void>;
}

export function connectModules(modules: readonly ServerModule[], ctx: ConnectContext): Vendors {
  const plugs = new Map<ServerModule, Plug>();
  for (const m of modules) if (m.connect) plugs.set(m, m.connect(ctx));
  const carriers = new Map<NumberCarrier, Carrier>();
  for (const p of plugs.values()) if (p.carrier) carriers.set(p.carrier.name, p.carrier.carrier);
  const carrierFor = (from: string): Carrier => {
    const carrier = carriers.get(ctx.numbers.carrierFor(from)) ?? carriers.get('simulator');
    if (!carrier) throw new Error('no carrier to place the call on');
    return carrier;
  };
  return {
    of: <P extends Plug>(m: ServerModule<P>) => plugs.get(m as ServerModule) as P | undefined,
    outbound: {
      name: 'by-number',
      onIncoming: () => {},
      close: async () => {},
      outbound: (req) => carrierFor(req.from).outbound(req),
    },
    onPlaced(sessionId, leg) {
      for (const p of plugs.values()) p.onPlaced?.(sessionId, leg);
    },
    routes(app, routeCtx) {
      for (const p of plugs.values()) p.routes?.(app, routeCtx);
    },
    async close() {
      for (const p of plugs.values()) await p.close?.();
    },
  };
}

/**
 * A new call or conversation is answered by its agent (the default agent when its number names none); null: no agent,
 * hung up.
 */
export function answerWith(agents: AgentDirectory, registry: SessionRegistry): Answer {
  return (leg, meta) => {
    const agent = (meta.agentId && agents.get(meta.agentId)) || agents.fallback();
    if (!agent) {
      leg.hangup('no_agent');
      return null;
    }
    return registry.start(leg, agent);
  };
}
