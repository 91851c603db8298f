/**
 * Forked: live clients of the real server (`/api/live?batch=1`). Measures event-to-client latency per topic
 * and records real session events (with the summary after each) for the saturation replay.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  applyToSummary,
  type SessionDetail,
  type SessionEvent,
  type SessionSummary,
  type SessionsTopicEvent,
} from '@livespace/protocol';
import type { SessionsView } from '@livespace/protocol/sessions-view';
import { newHistogram, record } from './histogram';
import { onParent, toParent } from './child';
import type { LoadClientIn, LoadClientOut, LoadClientResult } from './load-protocol';

type Msg =
  | { type: 'snapshot'; topic: string; data: unknown }
  | { type: 'event'; topic: string; seq: number; event: unknown }
  | { type: string; topic?: string };

let measuring = false;
let stopping = false;
let result: LoadClientResult = blank();
let recordMax = 0;
let windowStart = 0;
let cpuStart = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });

function blank(): LoadClientResult {
  return {
    type: 'result',
    sessionsLatency: newHistogram(),
    sessionLatency: newHistogram(),
    sessionsEvents: 0,
    sessionEvents: 0,
    closed: 0,
    cpuSeconds: 0,
    loopDelayP99Ms: 0,
    seconds: 0,
    recorded: [],
  };
}

/** Connects one client, subscribes to `topic`, resolves once its snapshot arrived. */
function connect(url: string, token: string, topic: string, view?: SessionsView): Promise<void> {
  // No UTF-8 validation: on this shared machine every client cycle is taken from the server being measured.
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(token)}&batch=1`, {
    skipUTF8Validation: true,
  });
  let summary: SessionSummary | null = null;
  /** `sessions`: the line each session's row showed last (its time and text). */
  const lineShown = new Map<string, string>();
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', topic, ...(view ? { view } : {}) })));
    ws.on('close', () => {
      if (!stopping && measuring) result.closed++;
    });
    ws.on('message', (data: Buffer) => {
      // Time of arrival first: parsing the frame is the client's cost, not the server's latency.
      const now = Date.now();
      const parsed = JSON.parse(data.toString()) as Msg | Msg[];
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        if (m.type === 'snapshot') {
          if (topic !== 'sessions') {
            const { transcript: _t, variables: _v, outcome: _o, ...s } = (m as { data: SessionDetail }).data;
            summary = s;
          }
          resolve();
        } else if (m.type === 'event' && m.topic === 'sessions') {
          const e = (m as { event: SessionsTopicEvent }).event;
          // A summary carries no time of its own change; its newest line does. So the upsert that first shows a
          // line (partial or final) is timed from that line; one that changed something else (a node, the health)
          // still shows the line it showed before and is counted, not timed.
          if (e.type !== 'upsert') continue;
          const line = e.summary.lastLine;
          const key = line ? `${line.at}|${line.text}` : '';
          const newLine = line !== undefined && line !== null && lineShown.get(e.summary.id) !== key;
          lineShown.set(e.summary.id, key);
          if (!measuring) continue;
          result.sessionsEvents++;
          if (newLine) record(result.sessionsLatency, now - Date.parse(line.at));
        } else if (m.type === 'event') {
          const e = (m as { event: SessionEvent }).event;
          if (summary) summary = applyToSummary(summary, e);
          if (!measuring) continue;
          record(result.sessionLatency, now - Date.parse(e.at));
          result.sessionEvents++;
          if (summary && result.recorded.length < recordMax)
            result.recorded.push({ sessionId: summary.id, event: e, summary });
        }
      }
    });
  });
}

onParent<LoadClientIn>(async (msg) => {
  if (msg.type === 'init') {
    recordMax = msg.recordMax;
    const topics = [...Array.from({ length: msg.sessionsClients }, () => 'sessions'), ...msg.sessionTopics];
    // A few at a time: 1,000-summary snapshots for 25 clients at once would only measure the connect storm.
    for (let i = 0; i < topics.length; i += 5)
      await Promise.all(
        topics
          .slice(i, i + 5)
          .map((t) => connect(msg.url, msg.token, t, t === 'sessions' ? msg.sessionsView : undefined)),
      );
    toParent<LoadClientOut>({ type: 'ready' });
  } else if (msg.type === 'start') {
    result = blank();
    measuring = true;
    windowStart = performance.now();
    cpuStart = process.cpuUsage();
    loopDelay.reset();
    loopDelay.enable();
  } else if (msg.type === 'stop') {
    measuring = false;
    const cpu = process.cpuUsage(cpuStart);
    result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    result.seconds = (performance.now() - windowStart) / 1000;
    loopDelay.disable();
    result.loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
    stopping = true;
    toParent<LoadClientOut>(result); // the parent ends this process once it has the result
  }
});
