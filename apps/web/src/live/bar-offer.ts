/**
 * What the drawer's action bar offers one person on one session, pure: the composer's modes, the button in
 * the take-over slot (claim, take over or resume), Transfer, End and the completion form. Only what the
 * server's session machine allows in the state is offered: a queued session is claimed (a takeover is
 * refused), a claimed one is completed by its holder (not resumed), and a human agent acts only on a call
 * it holds or may claim (its own queues).
 */
import type { PublicUser } from '@livespace/protocol/http';
import type { EscalationInfo } from '@livespace/protocol/escalation';
import { may } from '@livespace/protocol/policy';
import type { Actor, SessionState } from '@livespace/protocol/session';
import type { ComposerMode } from './action-words';
import { holdsCall, worksQueue } from './escalation-queue';

export interface BarSession {
  state: SessionState;
  takenOverBy?: Actor | null;
  escalation?: EscalationInfo | null;
}

/** The take-over slot's button. */
export type PrimaryAction = 'claim' | 'takeover' | 'resume';

export interface BarOffer {
  /** In the order the mode switch shows them; empty: no composer. */
  modes: ComposerMode[];
  primary: PrimaryAction | null;
  transfer: boolean;
  end: boolean;
  /** The holder of a claimed session completes it (or hands it back to the AI). */
  complete: boolean;
  /** `me` holds the session (took it over or claimed it). */
  held: boolean;
}

const WHISPER: ReadonlySet<SessionState> = new Set(['ai_active', 'human_active', 'queued', 'claimed']);
const BARGE: ReadonlySet<SessionState> = new Set(['ai_active', 'human_active', 'queued']);
const TRANSFER: ReadonlySet<SessionState> = new Set(['human_active', 'queued', 'claimed']);

/** Whether `me` may claim the session's escalation now: it waits in one of their queues (supervisors: any). */
export function canClaim(s: BarSession, me: PublicUser | null): boolean {
  return s.state === 'queued' && s.escalation?.status === 'waiting' && worksQueue(me, s.escalation.queue);
}

/** The bar for `me` on session `s`, or null: no bar (ended; a human agent's session it neither holds nor may claim). */
export function barOffer(s: BarSession, me: PublicUser | null): BarOffer | null {
  if (!me || s.state === 'ended') return null;
  // Whisper, barge, take over and End: only for who oversees every session (`session.oversee`), never a holder.
  const supervising = may(me.role, 'session.oversee');
  const held = holdsCall(s.state, s.takenOverBy, me);
  const claimable = canClaim(s, me);
  if (!supervising && !held && !claimable) return null;
  const modes: ComposerMode[] = [];
  if (supervising && WHISPER.has(s.state)) modes.push('whisper');
  if (supervising && BARGE.has(s.state)) modes.push('barge');
  if (held) modes.push('say');
  return {
    modes,
    primary: primary(s.state, held, claimable, supervising),
    transfer: TRANSFER.has(s.state) && may(me.role, 'session.act', { holds: held }),
    end: supervising,
    complete: held && s.state === 'claimed',
    held,
  };
}

function primary(state: SessionState, held: boolean, claimable: boolean, supervising: boolean): PrimaryAction | null {
  if (claimable) return 'claim';
  if (held) return state === 'human_active' ? 'resume' : null;
  // Someone else's takeover is refused with who holds it, which the bar then says.
  return supervising && (state === 'ai_active' || state === 'human_active') ? 'takeover' : null;
}
