/**
 * A vendor's part of the server as one module: each carrier (voice), messaging channel and AI provider makes its
 * instances, routes and stop hook in its own `*.module.ts`, and `startServer` composes the list in `index.ts`. Adding
 * a vendor is one module file (its routes beside the others in `routes/`) and one line in that list. A module's
 * settings stay in the one validated schema (config.ts), which it reads: the variables' names, defaults and messages
 * are public.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type {
  CallLeg,
  Carrier,
  Llm,
  OutboundLeg,
  SessionActor,
  SessionRegistry,
  Store,
  Stt,
  Tts,
} from '@livespace/app';
import type { NumberCarrier } from '@livespace/protocol';
import type { MediaPlane } from '@livespace/adapters/media/call-audio';
import type { SimTiming } from '@livespace/adapters/carrier-simulator/sim-call';
import type { Config } from '../config';
import type { AgentDirectory } from '../agent-directory';
import type { NumberDirectory } from '../number-directory';
import type { AuthService } from '../auth/auth-service';
import type { Messaging } from './messaging';

/** One vendor's module; `P` is what it brings once connected (see `Vendors.of`). */
export interface ServerModule<P extends Plug = Plug> {
  readonly name: string;
  /** Whether this configuration uses the module; one that is not makes nothing, serves nothing. */
  enabled(config: Config): boolean;
  /** Its AI providers, made before the session engine, which listens, speaks and thinks through them. */
  provide?(ctx: ProvideContext): Provided;
  /** Its carrier or channel, made once the session engine answers calls: what it brings to the rest of the server. */
  connect?(ctx: ConnectContext): P;
}

export interface ProvideContext {
  config: Config;
  log: Logger;
}

/** What a provider module gives; the first module in the list that gives a slot fills it. */
export interface Provided {
  /** The offline voice: the simulator's virtual callers always speak with it, the agents unless `agentTts` is given. */
  offlineTts?: Tts;
  /** The agents' voice. */
  agentTts?: Tts;
  /** Speech recognition for real phone calls (the simulator's callers pass their words along with their audio). */
  stt?: Stt;
  /** The chat model of LLM agents and of post-call summaries. */
  llm?: Llm;
  close?(): Promise<void>;
}

/** The providers the server runs with, composed from every module's; null: none configured. */
export interface AiProviders {
  offlineTts: Tts | null;
  agentTts: Tts | null;
  stt: Stt | null;
  llm: Llm | null;
}

/** Answers a new call or conversation with its agent; null: no agent, hung up. */
export type Answer = (leg: CallLeg, meta: { agentId?: string }) => SessionActor | null;

export interface ConnectContext {
  config: Config;
  log: Logger;
  /** Where voice calls' audio runs. */
  plane: MediaPlane;
  providers: AiProviders;
  answer: Answer;
  /** The conversations of WhatsApp and SMS customers, which the messaging channels deliver to. */
  messaging: Messaging;
  agents: AgentDirectory;
  numbers: NumberDirectory;
  /** The simulator's timing, when a test or a bench sets it (else from the configuration). */
  simTiming?: SimTiming;
}

/** What a connected module brings. */
export interface Plug {
  /** A carrier our outbound calls leave on: the numbers mapped to `name` use it (see /api/numbers). */
  carrier?: { name: NumberCarrier; carrier: Carrier };
  /** A call we placed got its session (on whatever carrier: each module looks at its own legs). */
  onPlaced?(sessionId: string, leg: OutboundLeg): void;
  /** Its HTTP routes: webhooks, the simulator's API. */
  routes?(app: FastifyInstance, ctx: RouteContext): void;
  close?(): Promise<void>;
}

export interface RouteContext {
  auth: AuthService;
  store: Store;
  registry: SessionRegistry;
  /** Resolves once what was appended so far to the session is committed (at most 5 s): what a route did reads back. */
  durable(sessionId: string): Promise<void>;
}
