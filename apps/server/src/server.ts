/**
 * Wires Live Space together: store, bus, session engine, the vendor modules (carriers, channels, AI providers),
 * gateway and HTTP routes.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Bus, Clock, RecordingEraser, RecordingService, SessionRegistry, Store } from '@livespace/app';
import type { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import type { SimulatorCarrier } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import type { SimTiming } from '@livespace/adapters/carrier-simulator/sim-call';
import type { TwilioCarrier } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import type { Config } from './config';
import type { Metrics } from './metrics';
import { openCore } from './core';
import { startRecordings } from './recordings';
import { openDirectories } from './directories';
import { openAuth } from './auth/open-auth';
import { startEngine, type OutboundJobs } from './engine';
import { SERVER_MODULES } from './modules';
import { answerWith, connectModules, enabledModules, provideModules } from './modules/compose';
import { openMessaging } from './modules/messaging';
import { simulatorModule } from './modules/simulator.module';
import { twilioModule } from './modules/twilio.module';
import { openSupervisorActions } from './supervisor';
import { startLive } from './live/start-live';
import { openOutbound, recoverOutbound } from './outbound';
import { startHumanAgents } from './human-agents';
import { createHttpApp, listen } from './http/http-app';
import { registerRoutes } from './routes/register-routes';
import { openDemoCallbacks, startDemo } from './demo';
import { startBackgroundJobs } from './background-jobs';
import { shutdown } from './shutdown';

export interface ServerOptions {
  logger?: Logger;
  clock?: Clock;
  simTiming?: SimTiming;
  /** Serve the built web app (default: when apps/web/dist exists). */
  web?: boolean;
  /** The store, already being opened (`npm start` opens it while the rest of the server loads); else opened here. */
  store?: Promise<PostgresStore>;
  /** Erases recordings when sessions are deleted (by a person or by retention); none: no recording is erased. */
  recordings?: RecordingEraser;
}

export interface LiveSpace {
  app: FastifyInstance;
  url: string;
  store: Store;
  bus: Bus;
  registry: SessionRegistry;
  simulator: SimulatorCarrier;
  /** Set when Twilio is configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_URL). */
  twilio: TwilioCarrier | null;
  metrics: Metrics;
  /** Call recordings (recordings.ts). */
  recordings: RecordingService;
  /** Set when the first admin was created with a generated password. */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<LiveSpace> {
  const core = await openCore(config, opts);
  const { log, clock, store, bus } = core;
  const recorder = await startRecordings(config, store, clock, log);
  const { agents, numbers } = await openDirectories(core);
  const { auth, admin } = await openAuth(core);

  // The vendor modules' AI providers first: the session engine listens, speaks and thinks through them.
  const modules = enabledModules(SERVER_MODULES, config);
  const providing = provideModules(modules, core);
  const { providers } = providing;
  // The outbound jobs (callbacks, campaigns) are made once calls can be placed; the engine books callbacks through
  // them.
  let jobs: OutboundJobs | undefined;
  const demoCallbacks = openDemoCallbacks(core);
  const engine = await startEngine(core, { providers, recorder, agents, demoCallbacks, jobs: () => jobs });
  const { eventLog, registry, durable } = engine;
  const { rtc, router, actions } = openSupervisorActions(core, { registry, durable });

  // Then their carriers and channels, which hand new calls and conversations to the engine.
  const answer = answerWith(agents, registry);
  const messaging = openMessaging({ ...core, agents, numbers, answer, router });
  const vendors = connectModules(modules, {
    ...core,
    providers,
    answer,
    messaging,
    agents,
    numbers,
    simTiming: opts.simTiming,
  });
  const simulator = vendors.of(simulatorModule)!.simulator;

  const live = await startLive(core, {
    auth,
    recorder,
    actions,
    interest: engine.interest,
    deliverTo: engine.deliverTo,
  });
  const { presence, gateway, accounts } = live;
  await router?.start();
  const outbound = openOutbound(core, {
    carrier: vendors.outbound,
    registry,
    eventLog,
    agents,
    onPlaced: (sessionId, leg) => vendors.onPlaced(sessionId, leg),
  });
  jobs = outbound;
  await recoverOutbound(core, outbound);
  const team = await startHumanAgents(core, { actions, presence, gateway, accounts, eventLog, agents });

  const { app, serving, limitsRedis } = await createHttpApp(config, log, opts.web ?? true);
  // Deleting a session (by an admin, or by retention) erases its recording too.
  const recordings = opts.recordings ?? recorder.service;
  registerRoutes(app, core, {
    ...live,
    ...outbound,
    ...team,
    auth,
    eventLog,
    recorder,
    recordings,
    agents,
    numbers,
    chatModel: providers.llm !== null,
    actions,
  });
  vendors.routes(app, { auth, store, registry, durable });

  const url = await listen(app, config);

  const demo = await startDemo(core, {
    ...live,
    ...team,
    simulator,
    demoCallbacks,
    agents,
    actions,
    recordings: recorder.service,
    campaigns: outbound.campaigns,
  });
  const background = startBackgroundJobs(core, { ...live, ...team, jobs: outbound, recordings, auth, demo });
  log.info({ url, store: store.kind, bus: bus.kind, demo: !!demo, web: serving }, 'Live Space is up');
  // Loaded once the server answers, not before: the first listener then does not wait for it.
  setTimeout(
    () =>
      void rtc.preload().catch((err: unknown) => log.warn({ err }, 'loading WebRTC failed; listening will try again')),
    1000,
  ).unref();

  let closing: Promise<void> | null = null;
  return {
    app,
    url,
    store,
    bus,
    registry,
    simulator,
    twilio: vendors.of(twilioModule)?.twilio ?? null,
    metrics: core.metrics,
    recordings: recorder.service,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    close: () =>
      (closing ??= shutdown(core, {
        ...team,
        demo,
        background,
        jobs: outbound,
        engine,
        vendors,
        messaging,
        numbers,
        agents,
        accounts,
        gateway,
        app,
        router,
        actions,
        providing,
        recorder,
        limitsRedis,
      })),
  };
}
