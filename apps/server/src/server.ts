/** Wires Live Space together: store, bus, session engine, simulator, gateway and HTTP routes. */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import {
  Analytics,
  CallbackService,
  CampaignService,
  CommandRouter,
  Escalations,
  EventLog,
  OutboundCalls,
  PostCallSummaries,
  PresenceService,
  QueueAdmin,
  QueueStatsService,
  SessionInterest,
  SessionRegistry,
  SupervisorActions,
  systemClock,
  TeamAdmin,
  type Bus,
  type Clock,
  type EventWrite,
  type Store,
} from '@livespace/app';
import { DEFAULT_HEALTH_POLICY, SEED_AGENTS } from '@livespace/domain';
import type { SessionDetail } from '@livespace/protocol';
import type { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import { openStore } from './open-store';
import { MemoryBus } from '@livespace/adapters/bus-memory/memory.bus';
import { RedisBus } from '@livespace/adapters/bus-redis/redis.bus';
import { EspeakTts } from '@livespace/adapters/tts-espeak/espeak.tts';
import { OpenAiLlm } from '@livespace/adapters/llm-openai/openai.llm';
import { SimulatorCarrier, DEFAULT_SIM_TIMING } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import { SimCall } from '@livespace/adapters/carrier-simulator/sim-call';
import { DemoTraffic } from '@livespace/adapters/carrier-simulator/demo-traffic';
import { WeriftRtc } from '@livespace/adapters/webrtc-werift/werift.rtc';
import type { SimTiming } from '@livespace/adapters/carrier-simulator/sim-call';
import type { Config } from './config';
import { createLogger, logFormat, prettyDestination } from './logger';
import { WorkerMediaPlane } from '@livespace/adapters/media/worker-media-plane';
import { createMetrics, type Metrics } from './metrics';
import { AgentDirectory } from './agent-directory';
import { AuthService } from './auth/auth.service';
import { UserAccounts } from './auth/user-accounts';
import { accountEffects } from './auth/account-effects';
import { checkPassword } from './auth/password-policy';
import { openLimitsRedis } from '@livespace/adapters/bus-redis/limits-redis';
import { installErrorHandler, storeErrorForLog } from './http/errors';
import { installBodyRules } from './http/body-rules';
import { installSecurityHeaders } from './http/security-headers';
import { DebugRequestLog } from './http/request-log';
import rateLimit from '@fastify/rate-limit';
import { serveWeb } from './http/web-static';
import { endOrphanedSessions } from './orphaned-sessions';
import { summarizeLeftovers, summarizeSessions } from './unsummarized-sessions';
import { LiveGateway, DEFAULT_GATEWAY_OPTIONS } from './live/gateway';
import { liveRoute } from './live/live.route';
import { authRoutes } from './routes/auth.routes';
import { sessionRoutes } from './routes/sessions.routes';
import { recordingRoutes } from './routes/recordings.routes';
import { openRecordings } from './recordings';
import type { RecordingService } from '@livespace/app';
import { sessionExportRoutes } from './routes/session-export.routes';
import { auditRoutes } from './routes/audit.routes';
import { RetentionJob, type RecordingEraser } from '@livespace/app';
import { agentRoutes } from './routes/agents.routes';
import { escalationRoutes } from './routes/escalations.routes';
import { queueAdminRoutes } from './routes/queue-admin.routes';
import { teamRoutes } from './routes/team-groups.routes';
import { preferencesRoutes } from './routes/preferences.routes';
import { analyticsRoutes } from './routes/analytics.routes';
import { auditWriter } from './http/audit-writer';
import { flowQueues } from './agent-directory';
import { healthRoutes } from './routes/health.routes';
import { simulatorRoutes, TALKING_PERSONAS } from './routes/simulator.routes';
import { sessionActionRoutes } from './routes/session-actions.routes';
import { callRoutes } from './routes/calls.routes';
import { callbackRoutes } from './routes/callbacks.routes';
import { campaignRoutes } from './routes/campaigns.routes';
import { numberRoutes } from './routes/numbers.routes';
import { twilioRoutes } from './routes/twilio.routes';
import { whatsappRoutes } from './routes/whatsapp.routes';
import { conversationRoutes } from './routes/conversations.routes';
import { NumberDirectory } from './number-directory';
import { demoPairs } from './demo-pairs';
import { createAgentTts, createStt } from './providers';
import { answerWith, startChannels } from './channels';
import type { TwilioCarrier } from '@livespace/adapters/carrier-twilio/twilio.carrier';
import { startDemoCampaign } from './demo-campaign';
import { DemoAgents } from './demo-agents';
import { DemoCallbacks } from './demo-callbacks';

/** How long the demo keeps its calls' recordings. */
const DEMO_RECORDINGS_KEPT_MS = 15 * 60_000;

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
  const format = logFormat(config.LOG_FORMAT, { isTTY: process.stdout.isTTY === true, nodeEnv: config.NODE_ENV });
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, format === 'pretty' ? prettyDestination() : undefined);
  const clock = opts.clock ?? systemClock;
  // Every call's audio is paced and mixed in worker threads, never on this loop (started with the first call).
  const plane = new WorkerMediaPlane({
    threads: config.LIVESPACE_MEDIA_THREADS,
    onError: (err) => log.error({ err }, 'a media plane thread failed; its calls lost their audio'),
  });
  void plane.start();
  const metrics = createMetrics(plane);
  const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

  const store = await (opts.store ?? openStore(config));
  await store.migrate();
  const bus: Bus = config.REDIS_URL
    ? await RedisBus.open(config.REDIS_URL, config.LIVESPACE_REDIS_PREFIX)
    : new MemoryBus();
  /**
   * Alone: no shared bus, so no other process can be running beside this one — every live session, held callback and
   * dialing campaign in the store is this process's (an earlier run's). With Redis, others may be: only what a silent
   * process left is taken over, and commands go to the process that owns a session.
   */
  const alone = !config.REDIS_URL;
  // Call recordings: a spool file a crash left is finished (kept, or uploaded) before any new call.
  const recorder = openRecordings(config, store, clock, log);
  const finishedRecordings = await recorder.service.recover().catch((err: unknown) => {
    log.error({ err }, 'finishing recordings left by a stopped server failed');
    return 0;
  });
  if (finishedRecordings > 0) log.info({ finishedRecordings }, 'finished recordings left by a stopped server');

  for (const seed of SEED_AGENTS) await store.createAgent(newId('agt'), seed.body, clock.now(), seed.key);
  const agents = new AgentDirectory(store, bus, config.LIVESPACE_DEFAULT_AGENT);
  await agents.start();
  const numbers = new NumberDirectory(store, bus);
  await numbers.start();

  const auth = new AuthService(store, clock, config.LIVESPACE_TOKEN_TTL_HOURS);
  const admin = await auth.bootstrapAdmin(config.LIVESPACE_ADMIN_EMAIL, config.LIVESPACE_ADMIN_PASSWORD);
  if (admin.created) log.info({ email: config.LIVESPACE_ADMIN_EMAIL }, 'created the first admin');
  const adminVerdict =
    config.LIVESPACE_ADMIN_PASSWORD && admin.created
      ? checkPassword(config.LIVESPACE_ADMIN_PASSWORD, { email: config.LIVESPACE_ADMIN_EMAIL })
      : null;
  if (adminVerdict && !adminVerdict.ok)
    log.warn(
      { reason: adminVerdict.code },
      'LIVESPACE_ADMIN_PASSWORD breaks the password policy; change it after signing in',
    );

  const tts: EspeakTts | null =
    config.LIVESPACE_TTS === 'espeak' ? new EspeakTts({ engine: config.LIVESPACE_ESPEAK }) : null;
  if (tts)
    log.info(
      { engine: tts.engine },
      `speech synthesis: espeak-ng ${tts.engine === 'native' ? 'program' : 'WebAssembly build'}`,
    );
  // Start the synthesis worker now, so the first caller does not wait for it.
  tts
    ?.warmUp()
    .catch((err: unknown) => log.warn({ err }, 'speech synthesis unavailable; calls will run without audio'));
  const stt = createStt(config);
  const nodeId = newId('node');
  // With several processes: which sessions the others watch, so events go in full only there (summaries elsewhere).
  const interest = alone
    ? null
    : new SessionInterest(bus, nodeId, {
        onError: (err) => log.debug({ err }, 'announcing the watched sessions failed; announced again soon'),
      });
  await interest?.start();
  let deliverLocal: ((batch: EventWrite[]) => void) | null = null;
  const eventLog = new EventLog(
    store,
    bus,
    {
      onCommit: (waitsMs) => {
        metrics.eventsCommitted.inc(waitsMs.length);
        for (const w of waitsMs) metrics.commitLag.observe(w / 1000);
      },
      // Only the error's code and first line: a driver's error carries the statement's parameters (transcripts,
      // numbers).
      onError: (err, attempt) => {
        metrics.storeErrors.inc();
        log.error(
          { err: storeErrorForLog(err), attempt },
          attempt === 0
            ? 'a batch of session events was refused; writing it event by event'
            : 'storing session events failed; retrying',
        );
      },
      // This process's own clients get each batch from here at once; the bus only carries it to the others.
      deliver: (batch) => deliverLocal?.(batch),
      onDeliverError: (err) => log.error({ err }, "delivering session events to this process's clients failed"),
      onPublishError: (err, attempt) => {
        metrics.busErrors.inc();
        if (attempt === 1 || attempt % 20 === 0)
          log.warn(
            { err: storeErrorForLog(err), attempt, unpublished: eventLog.unpublished },
            'the bus refused session events for the other processes; kept and retried in order',
          );
      },
      onPublishDropped: (events) =>
        log.error(
          { events },
          'the bus has been down too long: events dropped for the other processes (their clients catch up from the store when they resubscribe)',
        ),
      onRepaired: (w, how, err) => {
        metrics.eventsRepaired.inc({ how });
        log.warn(
          { sessionId: w.sessionId, seq: w.event.seq, type: w.event.type, how, err: storeErrorForLog(err) },
          'a session event the store refused was repaired',
        );
      },
      // PostgreSQL: several commits in flight (each session's in order); the embedded database has one connection.
    },
    nodeId,
    { lanes: store.kind === 'postgres' ? 4 : 1, watchedElsewhere: (id) => interest?.watchedElsewhere(id) ?? false },
  );
  await store.heartbeat(nodeId, clock.now());
  const staleMs = config.LIVESPACE_NODE_TIMEOUT_MS;
  // The callback scheduler needs the session engine, which books callbacks through it: set once both exist.
  let callbacks: CallbackService | undefined;
  let campaigns: CampaignService | undefined;
  const ended = await endOrphanedSessions(store, eventLog, clock, alone, staleMs);
  if (ended.length > 0) log.info({ ended: ended.length }, 'ended sessions left open by a stopped server');
  const heartbeat = setInterval(
    () => {
      store
        .heartbeat(nodeId, clock.now())
        .then(() => (alone ? [] : endOrphanedSessions(store, eventLog, clock, false, staleMs)))
        // The sessions of a lost process, just ended here, get their summaries.
        .then((ids) => summarizeSessions(store, postCall, (id) => agents.get(id), ids))
        .then(() => (alone || !callbacks ? 0 : callbacks.recover(new Date(clock.now().getTime() - staleMs))))
        .then(() => (alone || !campaigns ? 0 : campaigns.recover(new Date(clock.now().getTime() - staleMs))))
        .catch((err: unknown) => log.error({ err }, 'heartbeat failed'));
    },
    Math.max(500, Math.floor(staleMs / 6)),
  );
  heartbeat.unref();
  const llm = config.LLM_BASE_URL
    ? new OpenAiLlm({
        baseUrl: config.LLM_BASE_URL,
        ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
        model: config.LLM_MODEL,
        timeoutMs: config.LIVESPACE_LLM_TIMEOUT_MS,
        strictRoles: config.LIVESPACE_LLM_STRICT_ROLES,
        logger: log,
      })
    : null;
  // The agents speak through the configured provider; the simulator's virtual callers always use the offline voices.
  const agentTts = createAgentTts(config, tts);
  if (agentTts !== tts) log.info({ provider: config.TTS_PROVIDER }, 'agents speak through a speech provider');
  const postCall = new PostCallSummaries({
    log: eventLog,
    clock,
    llm,
    maker: config.LIVESPACE_SUMMARY === 'flow' || (config.LIVESPACE_SUMMARY === 'auto' && !llm) ? 'flow' : 'llm',
    logger: log,
  });
  // The demo's callers book callbacks only while few are pending (demo-callbacks.ts).
  const demoCallbacks = config.LIVESPACE_DEMO
    ? new DemoCallbacks({ store, bound: config.LIVESPACE_DEMO_CALLBACKS, log })
    : null;
  const registry = new SessionRegistry({
    clock,
    log: eventLog,
    tts: agentTts,
    llm,
    logger: log,
    newId,
    partialIntervalMs: config.LIVESPACE_PARTIAL_MS,
    onFirstFrame: (ms) => metrics.speechFirstFrame.observe(ms / 1000),
    healthPolicy: {
      ...DEFAULT_HEALTH_POLICY,
      silenceWarnMs: config.LIVESPACE_SILENCE_WARN_SECONDS * 1000,
      silenceCriticalMs: config.LIVESPACE_SILENCE_WARN_SECONDS * 2000,
      slowTurnMs: config.LIVESPACE_SLOW_TURN_SECONDS * 1000,
      unansweredMs: config.LIVESPACE_UNANSWERED_SECONDS * 1000,
    },
    onStarted: (a) => {
      metrics.sessionsStarted.inc({ channel: a.detail.channel, direction: a.detail.direction });
      metrics.liveSessions.inc({ channel: a.detail.channel });
    },
    onEnded: (a) => {
      metrics.liveSessions.dec({ channel: a.detail.channel });
      postCall.summarize(a.detail, a.agent.summaryFields);
    },
    onBargeHeard: (ms) => metrics.bargeLatency.observe(ms / 1000),
    timeZone: config.LIVESPACE_TIMEZONE,
    onCallback: (request) => {
      const scheduler = callbacks;
      if (!scheduler) return Promise.reject(new Error('the callback scheduler is not started'));
      return demoCallbacks ? demoCallbacks.book(request, (r) => scheduler.book(r)) : scheduler.book(request);
    },
    recordings: recorder.service,
  });
  // Summaries a stopped process never wrote (the sessions it left open were ended above).
  const unsummarized = await summarizeLeftovers(store, postCall, (id) => agents.get(id), clock, {
    singleProcess: alone,
    justEnded: ended,
  });
  if (unsummarized > 0)
    log.info({ sessions: unsummarized }, 'summarizing sessions a stopped server left without a summary');

  const simulator = new SimulatorCarrier(
    tts,
    opts.simTiming ?? {
      ...DEFAULT_SIM_TIMING,
      partialIntervalMs: config.LIVESPACE_PARTIAL_MS,
      ringMs: config.LIVESPACE_SIM_RING_MS,
      noAnswerMs: config.LIVESPACE_SIM_NO_ANSWER_MS,
    },
    Math.random,
    plane,
  );
  const answer = answerWith(agents, registry);
  simulator.onIncoming((leg, meta) => {
    const actor = answer(leg, meta);
    if (actor) simulator.bindSession(actor.id, leg as Parameters<typeof simulator.bindSession>[1]);
  });

  // The router exists once the supervisor actions do (below); channels ask for it when a message arrives.
  let router: CommandRouter | undefined;
  const channels = startChannels({
    config,
    log,
    agents,
    numbers,
    registry,
    simulator,
    stt,
    plane,
    store,
    nodeId,
    router: () => router,
  });
  const { twilio } = channels;

  const presence = new PresenceService({ store, bus, clock, goneAfterMs: config.LIVESPACE_AGENT_GONE_MS });
  const gateway = new LiveGateway(store, bus, log.child({ component: 'gateway' }), metrics, DEFAULT_GATEWAY_OPTIONS);
  deliverLocal = (batch) => gateway.deliver(batch);
  // What a session's detail carries beside its events (its recording), for the live topic, GET and the export alike.
  const addRecording = (detail: SessionDetail): Promise<void> =>
    recorder.service.info(detail.id).then((recording) => {
      if (recording) detail.recording = recording;
    });
  gateway.decorateDetail = addRecording;
  if (interest) gateway.onWatchingChanged = (ids) => interest.setWatching(ids);
  await gateway.start(nodeId);
  // Account changes (sign-out, password, disabled, role) close the user's WebSockets and listeners on every process.
  let actionsForAccounts: SupervisorActions | undefined;
  const accounts = new UserAccounts({
    store,
    bus,
    clock,
    auth,
    apply: accountEffects({ auth, gateway, actions: () => actionsForAccounts, log }),
    disabling: (userId) =>
      presence.disabled(userId).catch((err: unknown) => log.error({ err }, 'taking a disabled agent offline failed')),
  });
  await accounts.start();

  // Route modules take the plain FastifyInstance type; pino's Logger is a FastifyBaseLogger at run time.
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    bodyLimit: 1024 * 1024,
    logController: new DebugRequestLog(),
  }) as unknown as FastifyInstance;
  app.decorateRequest('user', null);
  app.decorateRequest('login', null);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Limits where a route asks for one (sign-in); none by default. With several processes the counts live in Redis.
  const limitsRedis = config.REDIS_URL ? openLimitsRedis(config.REDIS_URL) : null;
  limitsRedis?.on('error', () => {}); // an outage skips the limit (skipOnError); the bus reports it
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(limitsRedis ? { redis: limitsRedis, nameSpace: `${config.LIVESPACE_REDIS_PREFIX}limit:` } : {}),
  });
  const web = opts.web ?? true;
  const serving = web ? await serveWeb(app) : false;
  installErrorHandler(app, serving);
  installBodyRules(app);
  installSecurityHeaders(app, config.PUBLIC_URL?.startsWith('https://') ?? false);

  healthRoutes(app, store, bus, metrics, eventLog, config.LIVESPACE_METRICS_TOKEN);
  /** Who changed the team, in the audit log (accounts and queue settings). */
  const audit = auditWriter(store, clock);
  authRoutes(app, {
    auth,
    accounts,
    secureCookie: config.PUBLIC_URL?.startsWith('https://') ?? false,
    onUserCreated: (userId) => presence.announce(userId),
    onSignedOut: (userId) => presence.signedOut(userId),
    audit,
    settings: { defaultCountry: config.LIVESPACE_DEFAULT_COUNTRY },
    loginsPerMinute: config.LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE,
    loginsPerAddressPerMinute: config.LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
  });
  sessionRoutes(app, auth, store, addRecording);
  recordingRoutes(app, auth, { store, rows: store, files: recorder.files });
  // Deleting a session (by an admin, or by retention) erases its recording too.
  const recordings = opts.recordings ?? recorder.service;
  sessionExportRoutes(app, { auth, store, clock, recordings, decorate: addRecording });
  auditRoutes(app, auth, store);
  agentRoutes(app, auth, store, clock, llm !== null, () => agents.changed());
  // Answers wait until what they did is committed (at most 5 s), so it reads back at once.
  const durable = async () => {
    await eventLog.flushed(5000);
  };
  simulatorRoutes(app, auth, store, simulator, (legId) => registry.byLegId(legId)?.id, durable);
  const rtc = new WeriftRtc({ additionalHostAddresses: config.LIVESPACE_RTC_HOST_ADDRESSES });
  // With several processes (Redis), an action reaching one that does not own the session is run by its owner.
  router = alone ? undefined : new CommandRouter(bus, nodeId);
  const actions = new SupervisorActions({
    registry,
    store,
    clock,
    newId,
    rtc,
    durable,
    ...(router ? { router } : {}),
    onAuditError: (err, pending, dropped) =>
      dropped
        ? log.error({ pending }, 'the store has been down too long: the oldest supervisor action record was dropped')
        : log.warn(
            { err: storeErrorForLog(err), pending },
            'a supervisor action was done but its record waits for the store',
          ),
  });
  actionsForAccounts = actions;
  await router?.start((body) => channels.serveRouted(body) ?? actions.serveRouted(body));
  sessionActionRoutes(app, auth, actions, store);
  const outbound = new OutboundCalls({
    carrier: channels.outbound,
    registry,
    durable: () => eventLog.flushed(5000),
    onPlaced: (sessionId, leg) => {
      if (leg instanceof SimCall) simulator.bindSession(sessionId, leg);
    },
  });
  callRoutes(app, auth, {
    outbound,
    agents,
    defaultCountry: config.LIVESPACE_DEFAULT_COUNTRY,
    callerId: config.LIVESPACE_CALLER_ID,
  });
  callbacks = new CallbackService({
    store,
    bus,
    clock,
    newId,
    nodeId,
    outbound,
    agent: (id) => agents.get(id),
    callerId: config.LIVESPACE_CALLER_ID,
    graceMs: config.LIVESPACE_CALLBACK_GRACE_MINUTES * 60_000,
    retryMs: config.LIVESPACE_CALLBACK_RETRY_MINUTES * 60_000,
    pollMs: config.LIVESPACE_SCHEDULER_POLL_MS,
    logger: log.child({ component: 'callbacks' }),
  });
  // Attempts a dead process left dialing: settled before this process dials anything.
  const recovered = await callbacks.recover(alone ? null : new Date(clock.now().getTime() - staleMs));
  if (recovered > 0) log.info({ recovered }, 'settled callback attempts left by a stopped server');
  callbackRoutes(app, auth, { callbacks, agents, defaultCountry: config.LIVESPACE_DEFAULT_COUNTRY });
  campaigns = new CampaignService({
    store,
    bus,
    clock,
    newId,
    nodeId,
    outbound,
    agent: (id) => agents.get(id),
    callerId: config.LIVESPACE_CALLER_ID,
    tickMs: config.LIVESPACE_DIALER_TICK_MS,
    logger: log.child({ component: 'campaigns' }),
  });
  const settledContacts = await campaigns.recover(alone ? null : new Date(clock.now().getTime() - staleMs));
  if (settledContacts > 0) log.info({ settledContacts }, 'settled campaign calls left by a stopped server');
  campaignRoutes(app, auth, { campaigns, agents, defaultCountry: config.LIVESPACE_DEFAULT_COUNTRY });
  liveRoute(app, auth, gateway);
  numberRoutes(app, auth, { store, clock, agents, numbers, defaultCountry: config.LIVESPACE_DEFAULT_COUNTRY });
  twilioRoutes(app, {
    carrier: twilio,
    missing: channels.twilioMissing,
    publicUrl: config.PUBLIC_URL,
    agentFor: (to) => numbers.agentFor(to, 'voice') ?? agents.fallback()?.id,
    onMessage: channels.fromTwilio,
  });
  whatsappRoutes(app, {
    verifyToken: config.WHATSAPP_VERIFY_TOKEN,
    appSecret: config.WHATSAPP_APP_SECRET,
    ...channels.whatsapp,
  });
  conversationRoutes(app, auth, (attention) => gateway.liveConversations(attention));

  // Human agents: presence, the escalation queue, and the queues' live figures pushed on the `queues` topic.
  const escalations = new Escalations({
    store,
    clock,
    actions,
    presence,
    log: eventLog,
    newId,
    view: { escalation: (id) => gateway.openEscalation(id), presence: (userId) => gateway.presenceOf(userId) },
  });
  // Queues an admin configured (service level, order, members); their figures follow every change, on every process.
  const queueAdmin: QueueAdmin = new QueueAdmin({
    store,
    bus,
    clock,
    defaultSlaSeconds: config.LIVESPACE_SLA_SECONDS,
    knownQueues: () => queueStats.names(),
    membersChanged: (userIds) => accounts.queuesChanged(userIds),
    onChanged: () => queueStats.changed(),
  });
  const queueStats: QueueStatsService = new QueueStatsService({
    store,
    clock,
    opts: {
      slaSeconds: config.LIVESPACE_SLA_SECONDS,
      shortAbandonSeconds: 5,
      resetTime: config.LIVESPACE_QUEUE_DAY_START,
      timeZone: config.LIVESPACE_QUEUE_TIMEZONE,
    },
    knownQueues: () => flowQueues(agents.all()),
    configured: () => queueAdmin.configured(),
    order: (names) => queueAdmin.order(names),
    presence: () => gateway.allPresence(),
    onStats: (stats) => gateway.setQueues(stats),
    onError: (err) => log.error({ err }, 'queue figures failed'),
  });
  gateway.onUserConnected = (user) => {
    if (user.role === 'agent')
      presence
        .returned([user.id])
        .catch((err: unknown) => log.error({ err }, "restoring a returning agent's presence failed"));
  };
  gateway.onQueuesMoved = (escalation) => (escalation ? queueStats.record(escalation) : queueStats.changed());
  await queueAdmin.start();
  await queueStats.load();
  queueStats.changed();
  // The demo's simulated human agents (demo-agents.ts): started with the demo, below.
  let demoAgents: DemoAgents | null = null;
  // Presence: connected agents are seen (the simulated ones count as connected); the figures are refreshed too (the
  // day's reset, waits growing).
  const presenceSweep = setInterval(
    () => {
      presence
        .sweep([...gateway.connectedUserIds(), ...(demoAgents?.userIds() ?? [])])
        .catch((err: unknown) => log.error({ err }, 'presence sweep failed'));
      queueStats.changed();
    },
    Math.min(15_000, Math.max(1000, Math.floor(config.LIVESPACE_AGENT_GONE_MS / 4))),
  );
  presenceSweep.unref();
  // Word of an ended login lost in a bus outage: its WebSockets close within 5 s anyway (expiry closes them on time).
  const loginSweep = setInterval(() => {
    gateway
      .recheckLogins((tokenHash) => auth.isLive(tokenHash))
      .catch((err: unknown) => log.error({ err }, 'login recheck failed'));
  }, 5000);
  loginSweep.unref();
  escalationRoutes(app, auth, { escalations, presence, queues: queueStats });
  queueAdminRoutes(app, auth, { queues: queueAdmin, audit });
  teamRoutes(app, auth, { teams: new TeamAdmin({ store, clock, newId: () => newId('team') }), audit });
  preferencesRoutes(app, auth, store);
  analyticsRoutes(app, auth, new Analytics({ store, clock, defaultSlaSeconds: config.LIVESPACE_SLA_SECONDS }));

  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

  await demoCallbacks?.start();
  const demo = config.LIVESPACE_DEMO
    ? new DemoTraffic(simulator, {
        voiceCalls: config.LIVESPACE_DEMO_CALLS,
        conversations: config.LIVESPACE_DEMO_CONVERSATIONS,
        pairs: demoPairs(agents.all(), TALKING_PERSONAS),
        ...(demoCallbacks ? { callbackRoom: () => demoCallbacks.room() } : {}),
      })
    : null;
  if (demo && config.LIVESPACE_DEMO_AGENTS > 0) {
    demoAgents = new DemoAgents({
      store,
      accounts,
      presence,
      escalations,
      actions,
      clock,
      log: log.child({ component: 'demo-agents' }),
      opts: {
        count: config.LIVESPACE_DEMO_AGENTS,
        pickupMs: config.LIVESPACE_DEMO_PICKUP_SECONDS * 1000,
        handleMs: [config.LIVESPACE_DEMO_HANDLE_SECONDS[0] * 1000, config.LIVESPACE_DEMO_HANDLE_SECONDS[1] * 1000],
      },
    });
    await demoAgents
      .start(flowQueues(agents.all()))
      .catch((err: unknown) => log.warn({ err }, "the demo's simulated agents could not start"));
  }
  demo?.start();
  // The demo records its calls like any other, but keeps only the last quarter of an hour of them: a demo left
  // running for a day would otherwise fill the disk (~0.5 MB a second of audio at the demo's load).
  const demoRecordings = demo
    ? setInterval(
        () =>
          void recorder.service
            .eraseOlderThan(new Date(clock.now().getTime() - DEMO_RECORDINGS_KEPT_MS))
            .catch((err: unknown) => log.warn({ err }, "erasing the demo's old recordings failed")),
        60_000,
      )
    : null;
  demoRecordings?.unref();
  if (demo) {
    const admin = await store.findUserByEmail(config.LIVESPACE_ADMIN_EMAIL);
    await startDemoCampaign(campaigns, agents.all(), { id: admin?.id ?? 'system', name: admin?.name ?? 'Demo' }).catch(
      (err: unknown) => log.warn({ err }, 'the demo campaign could not start'),
    );
  }
  callbacks.start();
  campaigns.start();
  // Retention: every process checks hourly (first soon after start); the store lets one of them run each UTC day.
  const retention = new RetentionJob({
    store,
    clock,
    recordings,
    policy: {
      transcriptDays: config.LIVESPACE_RETENTION_DAYS,
      recordingDays: config.LIVESPACE_RECORDING_RETENTION_DAYS ?? config.LIVESPACE_RETENTION_DAYS,
      auditDays: config.LIVESPACE_AUDIT_RETENTION_DAYS,
    },
    onRun: (report) =>
      log.info({ component: 'retention', ...report }, "retention: the day's run deleted old sessions and recordings"),
    onError: (err, during) =>
      log.error(
        { component: 'retention', err: storeErrorForLog(err), during },
        "retention failed (a failed check is tried again within the hour; a run cut short is finished by the next day's)",
      ),
  });
  retention.start({ firstDelayMs: 2000, everyMs: 3_600_000 });
  const scheduler = callbacks;
  const dialer = campaigns;
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
    twilio,
    metrics,
    recordings: recorder.service,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    close: () =>
      (closing ??= (async () => {
        demo?.stop();
        demoAgents?.close();
        demoCallbacks?.close();
        if (demoRecordings) clearInterval(demoRecordings);
        await retention.close();
        scheduler.close();
        dialer.close();
        clearInterval(heartbeat);
        clearInterval(presenceSweep);
        clearInterval(loginSweep);
        queueStats.close();
        registry.endAll('server_shutdown');
        postCall.close();
        await simulator.close();
        await channels.close();
        await numbers.close();
        await agents.close();
        await accounts.close();
        await queueAdmin.close();
        await eventLog.close();
        await gateway.close();
        await interest?.close();
        await app.close();
        await router?.close();
        actions.close();
        await tts?.close();
        if (agentTts !== tts) await agentTts?.close();
        await stt?.close();
        // Calls that ended just now: their recordings are finished (kept, uploaded) before the plane stops.
        await recorder.service.drain();
        recorder.close();
        await plane.close();
        limitsRedis?.disconnect();
        await bus.close();
        await store.close();
      })()),
  };
}
