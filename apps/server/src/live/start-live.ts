/**
 * What is pushed live: agents' presence, the gateway (session events from the engine at once, the other processes'
 * over the bus) and the user accounts whose changes close the WebSockets and listeners of those they concern.
 */
import { PresenceService, type EventWrite, type SessionInterest, type SupervisorActions } from '@livespace/app';
import type { SessionDetail } from '@livespace/protocol';
import { accountEffects } from '../auth/account-effects';
import type { AuthService } from '../auth/auth-service';
import { UserAccounts } from '../auth/user-accounts';
import type { Core } from '../core';
import type { Recordings } from '../recordings';
import { DEFAULT_GATEWAY_OPTIONS, LiveGateway } from './gateway';

export interface LiveDeps {
  auth: AuthService;
  recorder: Recordings;
  actions: SupervisorActions;
  interest: SessionInterest | null;
  /** Hands the gateway this process's own session events. */
  deliverTo(deliver: (batch: EventWrite[]) => void): void;
}

export async function startLive(core: Core, { auth, recorder, actions, interest, deliverTo }: LiveDeps) {
  const { config, log, clock, store, bus, metrics, processId } = core;
  const presence = new PresenceService({ store, bus, clock, goneAfterMs: config.LIVESPACE_AGENT_GONE_MS });
  const gateway = new LiveGateway(store, bus, log.child({ component: 'gateway' }), metrics, DEFAULT_GATEWAY_OPTIONS);
  deliverTo((batch) => gateway.deliver(batch));
  // What a session's detail carries beside its events (its recording), for the live topic, GET and the export alike.
  const addRecording = (detail: SessionDetail): Promise<void> =>
    recorder.service.info(detail.id).then((recording) => {
      if (recording) detail.recording = recording;
    });
  gateway.decorateDetail = addRecording;
  if (interest) gateway.onWatchingChanged = (ids) => interest.setWatching(ids);
  await gateway.start(processId);
  // Account changes (sign-out, password, disabled, role) close the user's WebSockets and listeners on every process.
  const accounts = new UserAccounts({
    store,
    bus,
    clock,
    auth,
    apply: accountEffects({ auth, gateway, actions, log }),
    disabling: (userId) =>
      presence.disabled(userId).catch((err: unknown) => log.error({ err }, 'taking a disabled agent offline failed')),
  });
  await accounts.start();
  return { presence, gateway, accounts, addRecording };
}
