/**
 * The supervisors' actions on live sessions (whisper, barge, take over, listen over WebRTC…); with several processes
 * (Redis), an action reaching one that does not own the session is run by its owner, through the command router.
 */
import { CommandRouter, SupervisorActions, type SessionRegistry } from '@livespace/app';
import { WeriftRtc } from '@livespace/adapters/webrtc-werift/werift.rtc';
import type { Core } from './core';
import { storeErrorForLog } from './http/errors';

export function openSupervisorActions(
  { config, log, clock, store, bus, newId, alone, processId }: Core,
  deps: { registry: SessionRegistry; durable(sessionId: string): Promise<void> },
) {
  const rtc = new WeriftRtc({ additionalHostAddresses: config.LIVESPACE_RTC_HOST_ADDRESSES });
  const router = alone ? undefined : new CommandRouter(bus, processId);
  const actions = new SupervisorActions({
    registry: deps.registry,
    store,
    clock,
    newId,
    rtc,
    durable: deps.durable,
    ...(router ? { router } : {}),
    onAuditError: (err, pending, dropped) =>
      dropped
        ? log.error({ pending }, 'the store has been down too long: the oldest supervisor action record was dropped')
        : log.warn(
            { err: storeErrorForLog(err), pending },
            'a supervisor action was done but its record waits for the store',
          ),
  });
  return { rtc, router, actions };
}
