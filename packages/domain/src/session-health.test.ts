import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionEvent } from '@livespace/protocol';
import {
  DEFAULT_HEALTH_POLICY as P,
  evaluateHealth,
  initialHealth,
  observeHealth,
  sameHealth,
  type HealthState,
} from './session-health';

const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
let seq = 0;
const ev = (ms: number, e: Record<string, unknown>) => ({ ...e, seq: ++seq, at: at(ms) }) as SessionEvent;
const fold = (voice: boolean, events: SessionEvent[]): HealthState =>
  events.reduce((h, e) => observeHealth(h, e), initialHealth(voice));
const talking = ev(0, { type: 'session.state', state: 'ai_active' });
const line = (ms: number, speaker: string, type = 'line.final') =>
  ev(ms, { type, lineId: `l${ms}`, speaker, text: 'words' });
const sys = (ms: number, kind: string, data?: Record<string, unknown>) =>
  ev(ms, { type: 'system', lineId: `s${ms}`, kind, text: kind, ...(data ? { data } : {}) });

describe('session health', () => {
  it('is ok while people talk', () => {
    const h = fold(true, [talking, line(1000, 'ai'), line(4000, 'caller'), line(5000, 'ai')]);
    assert.deepEqual(evaluateHealth(h, T0 + 6000), { level: 'ok', reasons: [] });
  });

  it('warns after 15 s of silence on a call, then is critical after 30 s; a word clears it', () => {
    const h = fold(true, [talking, line(1000, 'ai')]);
    assert.equal(evaluateHealth(h, T0 + 1000 + P.silenceWarnMs - 1).level, 'ok');
    assert.deepEqual(
      evaluateHealth(h, T0 + 1000 + P.silenceWarnMs).reasons.map((r) => [r.code, r.level]),
      [['long_silence', 'warning']],
    );
    assert.equal(evaluateHealth(h, T0 + 1000 + P.silenceCriticalMs).level, 'critical');
    const spoke = observeHealth(h, line(31_000, 'caller', 'line.partial'));
    assert.equal(
      evaluateHealth(spoke, T0 + 32_000).reasons.some((r) => r.code === 'long_silence'),
      false,
    );
  });

  it('does not count silence on hold, before answer, on message conversations, or after the end', () => {
    const queued = fold(true, [talking, line(1000, 'ai'), ev(2000, { type: 'session.state', state: 'queued' })]);
    assert.equal(evaluateHealth(queued, T0 + 60_000).level, 'ok');
    assert.equal(
      evaluateHealth(fold(true, [ev(0, { type: 'session.state', state: 'ringing' })]), T0 + 60_000).level,
      'ok',
    );
    assert.equal(evaluateHealth(fold(false, [talking, line(1000, 'ai')]), T0 + 60_000).level, 'ok');
    // Back from the queue: the silence clock starts again.
    const back = observeHealth(queued, ev(50_000, { type: 'session.state', state: 'human_active' }));
    assert.equal(evaluateHealth(back, T0 + 51_000).level, 'ok');
  });

  it('counts provider failures per provider in the last minute: warning, critical at three, gone after a minute', () => {
    const h = fold(true, [
      talking,
      line(0, 'ai'),
      sys(1000, 'error', { source: 'stt' }),
      sys(2000, 'error', { source: 'stt' }),
      sys(3000, 'error', { source: 'llm' }),
    ]);
    const now = evaluateHealth(h, T0 + 4000);
    assert.deepEqual(
      now.reasons.map((r) => [r.code, r.level, r.text]),
      [
        ['provider_error', 'warning', 'Speech recognition failed 2 times in the last minute'],
        ['provider_error', 'warning', 'AI model failed'],
      ],
    );
    const third = observeHealth(h, sys(4000, 'error', { source: 'stt' }));
    assert.equal(evaluateHealth(third, T0 + 5000).level, 'critical');
    assert.equal(
      evaluateHealth(third, T0 + 4000 + P.providerWindowMs).reasons.filter((r) => r.code === 'provider_error').length,
      0,
    );
    // Errors that are not a provider's (a flow error) do not count.
    assert.equal(evaluateHealth(fold(true, [talking, line(0, 'ai'), sys(1000, 'error')]), T0 + 2000).level, 'ok');
  });

  it('flags the AI not understanding twice in a row (critical at three); an understood line resets it', () => {
    const twice = fold(true, [talking, line(0, 'ai'), sys(1000, 'no_match'), sys(2000, 'no_match')]);
    assert.deepEqual(
      evaluateHealth(twice, T0 + 2500).reasons.map((r) => [r.code, r.level]),
      [['no_match', 'warning']],
    );
    assert.equal(evaluateHealth(observeHealth(twice, sys(3000, 'no_match')), T0 + 3500).level, 'critical');
    assert.equal(evaluateHealth(observeHealth(twice, sys(3000, 'intent')), T0 + 3500).level, 'ok');
  });

  it("flags slow AI turns: while awaited past 3 s, and the last answer's time until a quick one", () => {
    const waiting = fold(true, [talking, line(0, 'ai'), line(1000, 'caller')]);
    assert.equal(evaluateHealth(waiting, T0 + 1000 + P.slowTurnMs - 1).level, 'ok');
    assert.equal(evaluateHealth(waiting, T0 + 1000 + P.slowTurnMs).reasons[0]?.code, 'slow_ai');
    const slow = observeHealth(waiting, line(5200, 'ai', 'line.partial'));
    assert.deepEqual(
      evaluateHealth(slow, T0 + 5300).reasons.map((r) => r.text),
      ['The AI took 4.2 s to answer'],
    );
    const quick = [line(6000, 'caller'), line(6500, 'ai')].reduce((h, e) => observeHealth(h, e), slow);
    assert.equal(evaluateHealth(quick, T0 + 7000).level, 'ok');
  });

  it('compares health by level and reasons', () => {
    const h = evaluateHealth(fold(true, [talking, line(0, 'ai')]), T0 + 20_000);
    assert.equal(sameHealth(h, evaluateHealth(fold(true, [talking, line(0, 'ai')]), T0 + 21_000)), true);
    assert.equal(sameHealth(h, evaluateHealth(fold(true, [talking, line(0, 'ai')]), T0 + 31_000)), false);
    assert.equal(sameHealth(undefined, h), false);
  });
});

describe('message conversation health', () => {
  it('flags a customer unanswered for the configured time, in any live state; an answer clears it', () => {
    const wrote = fold(false, [talking, line(0, 'ai'), line(1000, 'caller'), line(2000, 'caller')]);
    const unanswered = (h: HealthState, now: number) =>
      evaluateHealth(h, now)
        .reasons.filter((r) => r.code === 'unanswered')
        .map((r) => r.text);
    assert.deepEqual(unanswered(wrote, T0 + 1000 + P.unansweredMs - 1), []);
    assert.deepEqual(
      unanswered(wrote, T0 + 1000 + P.unansweredMs),
      ['The customer has waited over 2 min for an answer'],
      'counted from the first message not answered',
    );
    const queued = observeHealth(wrote, ev(3000, { type: 'session.state', state: 'queued' }));
    assert.equal(
      evaluateHealth(queued, T0 + 1000 + P.unansweredMs).reasons[0]?.code,
      'unanswered',
      'waiting for a person counts',
    );
    const answered = observeHealth(queued, line(4000, 'human'));
    assert.deepEqual(unanswered(answered, T0 + 10 * P.unansweredMs), []);
    assert.equal(
      evaluateHealth(
        fold(true, [talking, line(0, 'ai'), line(1000, 'caller')]),
        T0 + 1000 + P.unansweredMs,
      ).reasons.some((r) => r.code === 'unanswered'),
      false,
      'calls have their own rules',
    );
  });
});
