/**
 * The server's own HTTP routes (the vendor modules register theirs beside them): health, auth, `/api`, the live
 * WebSocket.
 */
import type { FastifyInstance } from 'fastify';
import {
  Analytics,
  TeamAdmin,
  type CallbackService,
  type CampaignService,
  type Escalations,
  type EventLog,
  type OutboundCalls,
  type PresenceService,
  type QueueAdmin,
  type QueueStatsService,
  type RecordingEraser,
  type SupervisorActions,
} from '@livespace/app';
import type { SessionDetail } from '@livespace/protocol';
import type { AgentDirectory } from '../agent-directory';
import type { AuthService } from '../auth/auth-service';
import type { UserAccounts } from '../auth/user-accounts';
import type { Core } from '../core';
import { auditWriter } from '../http/audit-writer';
import type { LiveGateway } from '../live/gateway';
import { liveRoute } from '../live/live.route';
import type { NumberDirectory } from '../number-directory';
import type { Recordings } from '../recordings';
import { agentRoutes } from './agents.routes';
import { analyticsRoutes } from './analytics.routes';
import { auditRoutes } from './audit.routes';
import { authRoutes } from './auth.routes';
import { callbackRoutes } from './callbacks.routes';
import { callRoutes } from './calls.routes';
import { campaignRoutes } from './campaigns.routes';
import { conversationRoutes } from './conversations.routes';
import { escalationRoutes } from './escalations.routes';
import { healthRoutes } from './health.routes';
import { numberRoutes } from './numbers.routes';
import { preferencesRoutes } from './preferences.routes';
import { queueAdminRoutes } from './queue-admin.routes';
import { recordingRoutes } from './recordings.routes';
import { sessionActionRoutes } from './session-actions.routes';
import { sessionExportRoutes } from './session-export.routes';
import { sessionRoutes } from './sessions.routes';
import { teamRoutes } from './team-groups.routes';

export interface RoutesDeps {
  auth: AuthService;
  accounts: UserAccounts;
  presence: PresenceService;
  gateway: LiveGateway;
  eventLog: EventLog;
  recorder: Recordings;
  /** Erases a deleted session's recording (by an admin, or by retention). */
  recordings: RecordingEraser;
  /** What a session's detail carries beside its events (its recording). */
  addRecording(detail: SessionDetail): Promise<void>;
  agents: AgentDirectory;
  numbers: NumberDirectory;
  /** A chat model is configured (LLM_BASE_URL): LLM agents can be made. */
  chatModel: boolean;
  actions: SupervisorActions;
  outbound: OutboundCalls;
  callbacks: CallbackService;
  campaigns: CampaignService;
  escalations: Escalations;
  queueAdmin: QueueAdmin;
  queueStats: QueueStatsService;
}

export function registerRoutes(
  app: FastifyInstance,
  { config, store, bus, clock, metrics, newId }: Core,
  d: RoutesDeps,
) {
  const { auth, gateway, presence, agents } = d;
  const defaultCountry = config.LIVESPACE_DEFAULT_COUNTRY;
  healthRoutes(app, store, bus, metrics, d.eventLog, config.LIVESPACE_METRICS_TOKEN);
  /** Who changed the team, in the audit log (accounts and queue settings). */
  const audit = auditWriter(store, clock);
  authRoutes(app, {
    auth,
    accounts: d.accounts,
    secureCookie: config.PUBLIC_URL?.startsWith('https://') ?? false,
    onUserCreated: (userId) => presence.announce(userId),
    onSignedOut: (userId) => presence.signedOut(userId),
    audit,
    settings: { defaultCountry },
    loginsPerMinute: config.LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE,
    loginsPerAddressPerMinute: config.LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
  });
  sessionRoutes(app, auth, store, d.addRecording);
  recordingRoutes(app, auth, { store, rows: store, files: d.recorder.files });
  sessionExportRoutes(app, { auth, store, clock, recordings: d.recordings, decorate: d.addRecording });
  auditRoutes(app, auth, store);
  agentRoutes(app, auth, store, clock, d.chatModel, () => agents.changed());
  sessionActionRoutes(app, auth, d.actions, store);
  callRoutes(app, auth, { outbound: d.outbound, agents, defaultCountry, callerId: config.LIVESPACE_CALLER_ID });
  callbackRoutes(app, auth, { callbacks: d.callbacks, agents, defaultCountry });
  campaignRoutes(app, auth, { campaigns: d.campaigns, agents, defaultCountry });
  liveRoute(app, auth, gateway);
  numberRoutes(app, auth, { store, clock, agents, numbers: d.numbers, defaultCountry });
  conversationRoutes(app, auth, (attention) => gateway.liveConversations(attention));
  escalationRoutes(app, auth, { escalations: d.escalations, presence, queues: d.queueStats });
  queueAdminRoutes(app, auth, { queues: d.queueAdmin, audit });
  teamRoutes(app, auth, { teams: new TeamAdmin({ store, clock, newId: () => newId('team') }), audit });
  preferencesRoutes(app, auth, store);
  analyticsRoutes(app, auth, new Analytics({ store, clock, defaultSlaSeconds: config.LIVESPACE_SLA_SECONDS }));
}
