/**
 * A live session's health, as a pure fold over its events plus the clock: provider failures (speech
 * recognition, synthesis, the AI model), long silences on a call, the AI not understanding the caller
 * several times in a row, and slow AI turns. The session actor folds its events in and emits the
 * health whenever it changes; Live Calls shows it and sorts the sessions that need attention first.
 */
import type { HealthLevel, HealthReason, SessionEvent, SessionHealth } from '@livespace/protocol';

export interface HealthPolicy {
  /** A call where nobody has spoken this long is a warning, then critical. */
  silenceWarnMs: number;
  silenceCriticalMs: number;
  /** An AI answer slower than this (from the caller's last words to the AI's first) is a warning. */
  slowTurnMs: number;
  /** Provider failures count for this long; this many of one provider in the window are critical. */
  providerWindowMs: number;
  providerCritical: number;
  /** Lines in a row the AI did not understand: a warning, then critical. */
  noMatchWarn: number;
  noMatchCritical: number;
  /** A message conversation whose customer has waited this long for any answer (AI or person) needs a person. */
  unansweredMs: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  silenceWarnMs: 15_000,
  silenceCriticalMs: 30_000,
  slowTurnMs: 3000,
  providerWindowMs: 60_000,
  providerCritical: 3,
  noMatchWarn: 2,
  noMatchCritical: 3,
  unansweredMs: 120_000,
};

/** What health is computed from: kept by the session, changed only by {@link observeHealth}. */
export interface HealthState {
  voice: boolean;
  /** Someone is expected to talk: the AI or a person holds the call. */
  talking: boolean;
  /** When the caller, the AI or a person last said anything (ms since the epoch). */
  lastTalkAt: number | null;
  /** The caller's last line, while the AI's answer to it is awaited. */
  awaitingAiSince: number | null;
  /** How long the AI took to answer last time. */
  lastTurnMs: number | null;
  providerErrors: Array<{ source: string; at: number }>;
  noMatchRun: number;
  /** The customer's oldest message nobody has answered yet (any live state: waiting for a person counts). */
  customerWaitingSince: number | null;
}

export function initialHealth(voice: boolean): HealthState {
  return {
    voice,
    talking: false,
    lastTalkAt: null,
    awaitingAiSince: null,
    lastTurnMs: null,
    providerErrors: [],
    noMatchRun: 0,
    customerWaitingSince: null,
  };
}

const PROVIDER_LABEL: Record<string, string> = {
  stt: 'Speech recognition',
  tts: 'Speech synthesis',
  llm: 'AI model',
  channel: 'Sending messages',
};

/** Folds one event of the session into its health state (returns a new state; the input is not changed). */
export function observeHealth(
  h: HealthState,
  e: SessionEvent,
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): HealthState {
  const at = Date.parse(e.at);
  switch (e.type) {
    case 'session.state': {
      const talking = e.state === 'ai_active' || e.state === 'human_active';
      // Starting to talk (answered, taken over, back from the queue) starts the silence clock afresh.
      return {
        ...h,
        talking,
        ...(talking && !h.talking ? { lastTalkAt: at } : {}),
        ...(e.state !== 'ai_active' ? { awaitingAiSince: null } : {}),
      };
    }
    case 'session.ended':
      return { ...h, talking: false, awaitingAiSince: null, customerWaitingSince: null };
    case 'line.partial':
    case 'line.final': {
      if (e.hidden || (e.speaker !== 'caller' && e.speaker !== 'ai' && e.speaker !== 'human')) return h;
      const next = { ...h, lastTalkAt: at };
      if (e.speaker === 'caller' && e.type === 'line.final') {
        if (h.talking) next.awaitingAiSince = at;
        next.customerWaitingSince = h.customerWaitingSince ?? at;
      }
      if (e.speaker !== 'caller' && e.type === 'line.final') next.customerWaitingSince = null;
      if (e.speaker === 'ai' && h.awaitingAiSince !== null) {
        next.lastTurnMs = at - h.awaitingAiSince;
        next.awaitingAiSince = null;
      }
      if (e.speaker === 'human') next.awaitingAiSince = null;
      return next;
    }
    case 'system': {
      // Stored events are read back as they were written: the source is checked, not trusted.
      const source = e.kind === 'error' && typeof e.data?.source === 'string' ? e.data.source : null;
      if (source && PROVIDER_LABEL[source]) {
        const recent = h.providerErrors.filter((x) => at - x.at < policy.providerWindowMs);
        return { ...h, providerErrors: [...recent, { source, at }] };
      }
      if (e.kind === 'no_match') return { ...h, noMatchRun: h.noMatchRun + 1 };
      if (e.kind === 'intent') return { ...h, noMatchRun: 0 };
      return h;
    }
    default:
      return h;
  }
}

/** The session's health at `now` (ms since the epoch). */
export function evaluateHealth(
  h: HealthState,
  now: number,
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): SessionHealth {
  const reasons: HealthReason[] = [];
  const bySource = new Map<string, number>();
  for (const x of h.providerErrors)
    if (now - x.at < policy.providerWindowMs) bySource.set(x.source, (bySource.get(x.source) ?? 0) + 1);
  for (const [source, n] of bySource) {
    reasons.push({
      code: 'provider_error',
      level: n >= policy.providerCritical ? 'critical' : 'warning',
      text: `${PROVIDER_LABEL[source]} failed${n > 1 ? ` ${n} times in the last minute` : ''}`,
    });
  }
  if (h.voice && h.talking && h.lastTalkAt !== null) {
    const silent = now - h.lastTalkAt;
    if (silent >= policy.silenceCriticalMs)
      reasons.push({
        code: 'long_silence',
        level: 'critical',
        text: `Nobody has spoken for over ${Math.round(policy.silenceCriticalMs / 1000)} s`,
      });
    else if (silent >= policy.silenceWarnMs)
      reasons.push({
        code: 'long_silence',
        level: 'warning',
        text: `Nobody has spoken for over ${Math.round(policy.silenceWarnMs / 1000)} s`,
      });
  }
  if (h.noMatchRun >= policy.noMatchWarn) {
    reasons.push({
      code: 'no_match',
      level: h.noMatchRun >= policy.noMatchCritical ? 'critical' : 'warning',
      text: `The AI did not understand the caller ${h.noMatchRun} times in a row`,
    });
  }
  if (h.awaitingAiSince !== null && now - h.awaitingAiSince >= policy.slowTurnMs) {
    reasons.push({
      code: 'slow_ai',
      level: 'warning',
      text: `The AI has not answered for over ${Math.round(policy.slowTurnMs / 1000)} s`,
    });
  } else if (h.lastTurnMs !== null && h.lastTurnMs >= policy.slowTurnMs) {
    reasons.push({
      code: 'slow_ai',
      level: 'warning',
      text: `The AI took ${(h.lastTurnMs / 1000).toFixed(1)} s to answer`,
    });
  }
  if (!h.voice && h.customerWaitingSince !== null && now - h.customerWaitingSince >= policy.unansweredMs) {
    reasons.push({
      code: 'unanswered',
      level: 'warning',
      text: `The customer has waited over ${formatWait(policy.unansweredMs)} for an answer`,
    });
  }
  return { level: worst(reasons), reasons };
}

function formatWait(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

function worst(reasons: readonly HealthReason[]): HealthLevel {
  if (reasons.some((r) => r.level === 'critical')) return 'critical';
  return reasons.length > 0 ? 'warning' : 'ok';
}

export function sameHealth(a: SessionHealth | undefined, b: SessionHealth): boolean {
  if (!a || a.level !== b.level || a.reasons.length !== b.reasons.length) return false;
  return a.reasons.every(
    (r, i) => r.code === b.reasons[i]!.code && r.level === b.reasons[i]!.level && r.text === b.reasons[i]!.text,
  );
}
