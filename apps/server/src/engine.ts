/**
 * The session engine: the event log (committed in lanes, then delivered here and over the bus), the sessions a stopped
 * process left (ended, then summarized), the process's heartbeat, post-call summaries and the registry of live
 * sessions.
 */
import {
  EventLog,
  PostCallSummaries,
  SessionInterest,
  SessionRegistry,
  type CallbackService,
  type CampaignService,
  type EventWrite,
  type SessionRegistryDeps,
} from '@livespace/app';
import { DEFAULT_HEALTH_POLICY } from '@livespace/domain';
import type { AgentDirectory } from './agent-directory';
import type { Core } from './core';
import type { DemoCallbacks } from './demo-callbacks';
import { storeErrorForLog } from './http/errors';
import type { AiProviders } from './modules/module';
import { endOrphanedSessions } from './orphaned-sessions';
import type { Recordings } from './recordings';
import { summarizeLeftovers, summarizeSessions } from './unsummarized-sessions';

/** The outbound jobs, made once calls can be placed (after the engine): callbacks book through them. */
export interface OutboundJobs {
  callbacks: CallbackService;
  campaigns: CampaignService;
}

export interface EngineDeps {
  providers: AiProviders;
  recorder: Recordings;
  agents: AgentDirectory;
  /** The demo's bound on its callers' callbacks (demo-callbacks.ts); null outside the demo. */
  demoCallbacks: DemoCallbacks | null;
  jobs(): OutboundJobs | undefined;
}

export async function startEngine(core: Core, { providers, recorder, agents, demoCallbacks, jobs }: EngineDeps) {
  const { config, log, clock, store, alone, processId } = core;
  // With several processes: which sessions the others watch, so events go in full only there (summaries elsewhere).
  const interest = alone
    ? null
    : new SessionInterest(core.bus, processId, {
        onError: (err) => log.debug({ err }, 'announcing the watched sessions failed; announced again soon'),
      });
  await interest?.start();
  let deliverLocal: ((batch: EventWrite[]) => void) | null = null;
  const eventLog = openEventLog(core, {
    deliver: (batch) => deliverLocal?.(batch),
    watchedElsewhere: (id) => interest?.watchedElsewhere(id) ?? false,
  });
  await store.heartbeat(processId, clock.now());
  const ended = await endOrphanedSessions(store, eventLog, clock, alone, config.LIVESPACE_NODE_TIMEOUT_MS);
  if (ended.length > 0) log.info({ ended: ended.length }, 'ended sessions left open by a stopped server');

  const postCall = new PostCallSummaries({
    eventLog,
    clock,
    llm: providers.llm,
    maker:
      config.LIVESPACE_SUMMARY === 'flow' || (config.LIVESPACE_SUMMARY === 'auto' && !providers.llm) ? 'flow' : 'llm',
    logger: log,
  });
  const heartbeat = startHeartbeat(core, { eventLog, postCall, agents, jobs });
  const registry = new SessionRegistry(
    registryOptions(core, {
      eventLog,
      providers,
      recorder,
      summarize: (a) => postCall.summarize(a.detail, a.agent.summaryFields),
      onCallback: (request) => {
        const scheduler = jobs()?.callbacks;
        if (!scheduler) return Promise.reject(new Error('the callback scheduler is not started'));
        return demoCallbacks ? demoCallbacks.book(request, (r) => scheduler.book(r)) : scheduler.book(request);
      },
    }),
  );
  // Summaries a stopped process never wrote (the sessions it left open were ended above).
  const unsummarized = await summarizeLeftovers(store, postCall, (id) => agents.get(id), clock, {
    singleProcess: alone,
    justEnded: ended,
  });
  if (unsummarized > 0)
    log.info({ sessions: unsummarized }, 'summarizing sessions a stopped server left without a summary');

  return {
    interest,
    eventLog,
    postCall,
    registry,
    heartbeat,
    /**
     * Resolves once what was appended so far to `sessionId`'s lane is committed, at most 5 s: what an answer did reads
     * back at once.
     */
    durable: async (sessionId: string): Promise<void> => {
      await eventLog.flushed(5000, sessionId);
    },
    /** This process's own clients get each batch from here at once (the gateway, once it exists). */
    deliverTo(deliver: (batch: EventWrite[]) => void) {
      deliverLocal = deliver;
    },
  };
}

export type Engine = Awaited<ReturnType<typeof startEngine>>;

/** The event log, its failures counted and logged. */
function openEventLog(
  { store, bus, log, metrics, processId }: Core,
  opts: { deliver(batch: EventWrite[]): void; watchedElsewhere(sessionId: string): boolean },
): EventLog {
  const eventLog: EventLog = new EventLog(
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
      deliver: opts.deliver,
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
    },
    processId,
    // PostgreSQL: several commits in flight (each session's in order); the embedded database has one connection.
    { lanes: store.kind === 'postgres' ? 4 : 1, watchedElsewhere: opts.watchedElsewhere },
  );
  return eventLog;
}

/**
 * The process's heartbeat in the store; with other processes, it also ends the sessions of a process silent for
 * LIVESPACE_NODE_TIMEOUT_MS (and summarizes them) and settles the callbacks and campaign calls it left dialing.
 */
function startHeartbeat(
  { config, log, clock, store, alone, processId }: Core,
  deps: { eventLog: EventLog; postCall: PostCallSummaries; agents: AgentDirectory; jobs(): OutboundJobs | undefined },
): NodeJS.Timeout {
  const staleMs = config.LIVESPACE_NODE_TIMEOUT_MS;
  const { eventLog, postCall, agents, jobs } = deps;
  const heartbeat = setInterval(
    () => {
      store
        .heartbeat(processId, clock.now())
        .then(() => (alone ? [] : endOrphanedSessions(store, eventLog, clock, false, staleMs)))
        // The sessions of a lost process, just ended here, get their summaries.
        .then((ids) => summarizeSessions(store, postCall, (id) => agents.get(id), ids))
        .then(() => {
          const callbacks = jobs()?.callbacks;
          return alone || !callbacks ? 0 : callbacks.recover(new Date(clock.now().getTime() - staleMs));
        })
        .then(() => {
          const campaigns = jobs()?.campaigns;
          return alone || !campaigns ? 0 : campaigns.recover(new Date(clock.now().getTime() - staleMs));
        })
        .catch((err: unknown) => log.error({ err }, 'heartbeat failed'));
    },
    Math.max(500, Math.floor(staleMs / 6)),
  );
  heartbeat.unref();
  return heartbeat;
}

/** The registry's options: its providers, the health policy from the configuration, metrics and post-call work. */
function registryOptions(
  { config, log, clock, newId, metrics }: Core,
  deps: {
    eventLog: EventLog;
    providers: AiProviders;
    recorder: Recordings;
    summarize: NonNullable<SessionRegistryDeps['onEnded']>;
    onCallback: SessionRegistryDeps['onCallback'];
  },
): SessionRegistryDeps {
  return {
    clock,
    eventLog: deps.eventLog,
    tts: deps.providers.agentTts,
    llm: deps.providers.llm,
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
      deps.summarize(a);
    },
    onBargeHeard: (ms, stages) => {
      metrics.bargeLatency.observe(ms / 1000);
      for (const [stage, x] of Object.entries(stages)) metrics.bargeStages.observe({ stage }, x / 1000);
    },
    timeZone: config.LIVESPACE_TIMEZONE,
    onCallback: deps.onCallback,
    recordings: deps.recorder.service,
  };
}
