import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEscalations } from './escalation-order';
import { DEFAULT_QUEUE_METRICS, dayStart, queueMetrics, type MetricsEscalation } from './queue-metrics';

const NOW = new Date('2026-11-24T15:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

test('order: priority first, then the longest wait', () => {
  const items = [
    { id: 'a', priority: 'normal' as const, waitingSince: ago(300) },
    { id: 'b', priority: 'urgent' as const, waitingSince: ago(10) },
    { id: 'c', priority: 'normal' as const, waitingSince: ago(600) },
    { id: 'd', priority: 'low' as const, waitingSince: ago(3600) },
    { id: 'e', priority: 'high' as const, waitingSince: ago(20) },
  ];
  assert.deepEqual(
    [...items].sort(compareEscalations).map((x) => x.id),
    ['b', 'e', 'c', 'a', 'd'],
  );
});

test('day start: the reset time in its timezone, the previous day before it, across DST', () => {
  assert.equal(dayStart(NOW, '00:00', 'UTC').toISOString(), '2026-11-24T00:00:00.000Z');
  assert.equal(dayStart(NOW, '16:00', 'UTC').toISOString(), '2026-11-23T16:00:00.000Z');
  // New York is UTC−5 in November: 06:00 local is 11:00Z.
  assert.equal(dayStart(NOW, '06:00', 'America/New_York').toISOString(), '2026-11-24T11:00:00.000Z');
  // Just after the spring-forward night (8 March 2026, 02:00 → 03:00 in New York): midnight was still UTC−5.
  assert.equal(
    dayStart(new Date('2026-03-08T12:00:00Z'), '00:00', 'America/New_York').toISOString(),
    '2026-03-08T05:00:00.000Z',
  );
  assert.equal(
    dayStart(new Date('2026-03-09T12:00:00Z'), '00:00', 'America/New_York').toISOString(),
    '2026-03-09T04:00:00.000Z',
  );
  // Tokyo is ahead of UTC: at 15:00Z it is already the 25th there.
  assert.equal(dayStart(NOW, '00:00', 'Asia/Tokyo').toISOString(), '2026-11-24T15:00:00.000Z');
});

test('day start: a reset time in the spring-forward gap starts the day at the first instant after it; in the overlap, at its first occurrence', () => {
  // New York 2026-03-08: 02:30 does not exist (02:00 EST → 03:00 EDT at 07:00Z).
  assert.equal(
    dayStart(new Date('2026-03-08T12:00:00Z'), '02:30', 'America/New_York').toISOString(),
    '2026-03-08T07:00:00.000Z',
  );
  assert.equal(
    dayStart(new Date('2026-03-08T06:45:00Z'), '02:30', 'America/New_York').toISOString(),
    '2026-03-07T07:30:00.000Z',
  );
  // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
  assert.equal(
    dayStart(new Date('2026-11-01T06:15:00Z'), '01:30', 'America/New_York').toISOString(),
    '2026-11-01T05:30:00.000Z',
  );
  // Asia/Kolkata (UTC+05:30).
  assert.equal(
    dayStart(new Date('2026-03-08T12:00:00Z'), '06:00', 'Asia/Kolkata').toISOString(),
    '2026-03-08T00:30:00.000Z',
  );
});

test('queue figures: waiting, longest, average of the day, agents, service level, abandons', () => {
  const esc: MetricsEscalation[] = [
    { queue: 'billing', status: 'waiting', waitingSince: ago(90), claimedAt: null, endedAt: null },
    { queue: 'billing', status: 'waiting', waitingSince: ago(30), claimedAt: null, endedAt: null },
    // Answered today in 20 s and 100 s (one within the 60 s service level).
    { queue: 'billing', status: 'resolved', waitingSince: ago(1000), claimedAt: ago(980), endedAt: ago(500) },
    { queue: 'billing', status: 'claimed', waitingSince: ago(400), claimedAt: ago(300), endedAt: null },
    // Answered yesterday: not in today's figures.
    {
      queue: 'billing',
      status: 'resolved',
      waitingSince: '2026-11-23T10:00:00Z',
      claimedAt: '2026-11-23T10:00:05Z',
      endedAt: '2026-11-23T10:05:00Z',
    },
    // Abandoned after 3 s (short: not counted against the service level) and after 70 s (counted).
    { queue: 'billing', status: 'abandoned', waitingSince: ago(200), claimedAt: null, endedAt: ago(197) },
    { queue: 'billing', status: 'abandoned', waitingSince: ago(170), claimedAt: null, endedAt: ago(100) },
    { queue: 'sales', status: 'waiting', waitingSince: ago(5), claimedAt: null, endedAt: null },
  ];
  const agents = [
    { status: 'available' as const, queues: ['billing'] },
    { status: 'busy' as const, queues: ['billing', 'sales'] },
    { status: 'away' as const, queues: ['billing'] },
    { status: 'available' as const, queues: ['sales'] },
  ];
  const [billing, sales, empty] = queueMetrics(['billing', 'sales', 'empty'], esc, agents, NOW);
  assert.deepEqual(billing, {
    name: 'billing',
    waiting: 2,
    longestWaitSeconds: 90,
    oldestWaitingSince: ago(90),
    averageWaitSeconds: 60,
    answered: 2,
    availableAgents: 1,
    busyAgents: 1,
    slaPercent: 33.3,
    slaSeconds: 60,
    priority: null,
    abandoned: 2,
    dayStart: '2026-11-24T00:00:00.000Z',
  });
  assert.equal(sales!.waiting, 1);
  assert.equal(sales!.availableAgents, 1);
  assert.equal(sales!.busyAgents, 1);
  assert.deepEqual(empty, {
    name: 'empty',
    waiting: 0,
    longestWaitSeconds: 0,
    oldestWaitingSince: null,
    averageWaitSeconds: 0,
    answered: 0,
    availableAgents: 0,
    busyAgents: 0,
    slaPercent: null,
    slaSeconds: 60,
    priority: null,
    abandoned: 0,
    dayStart: '2026-11-24T00:00:00.000Z',
  });
  // Later the same day the longest wait has grown; after the reset, the day's figures start again.
  assert.equal(queueMetrics(['billing'], esc, agents, new Date(NOW.getTime() + 60_000))[0]!.longestWaitSeconds, 150);
  const tomorrow = queueMetrics(['billing'], esc, agents, new Date('2026-11-25T00:00:01Z'))[0]!;
  assert.equal(tomorrow.answered, 0);
  assert.equal(tomorrow.abandoned, 0);
  assert.equal(tomorrow.waiting, 2);
  // A queue's own threshold: with 120 s, both of billing's answers (20 s, 100 s) are within it, the 70 s abandon is
  // not.
  const own = queueMetrics(['billing', 'sales'], esc, agents, NOW, {
    ...DEFAULT_QUEUE_METRICS,
    configured: new Map([['billing', { slaSeconds: 120, priority: 1 }]]),
  });
  assert.equal(own[0]!.slaSeconds, 120);
  assert.equal(own[0]!.priority, 1);
  assert.equal(own[1]!.priority, null);
  assert.equal(own[0]!.slaPercent, 66.7);
  assert.equal(own[1]!.slaSeconds, 60, 'other queues keep the default');
});
