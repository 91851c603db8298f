/**
 * Top functions by self time in a V8 CPU profile (`node --cpu-prof`), each with the callers it was sampled
 * under, so built-ins (string joins, socket writes, JSON) are attributed to the code that calls them.
 *   node --import tsx bench/live/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  percent: number;
  callers: Array<{ name: string; percent: number }>;
}

function label(f: CallFrame): string {
  // tsx-compiled sources keep their names; line:column locate the function in the generated code.
  const where = f.url
    ? ` ${f.url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'}${where}`;
}

export function hotSpots(path: string, top = 25): HotSpot[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, { t: number; callers: Map<string, number> }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!n) return;
    total += dt;
    const key = label(n.callFrame);
    const entry = self.get(key) ?? { t: 0, callers: new Map<string, number>() };
    entry.t += dt;
    // The nearest caller with a name: anonymous callbacks say little.
    let p = parent.get(id);
    while (p !== undefined && !byId.get(p)?.callFrame.functionName) p = parent.get(p);
    const caller = p === undefined ? '(root)' : label(byId.get(p)!.callFrame);
    entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + dt);
    self.set(key, entry);
  });
  return [...self.entries()]
    .sort((a, b) => b[1].t - a[1].t)
    .slice(0, top)
    .map(([name, e]) => ({
      name,
      percent: (100 * e.t) / total,
      callers: [...e.callers.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([c, t]) => ({ name: c, percent: (100 * t) / total })),
    }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  for (const h of hotSpots(file, Number(n ?? 25))) {
    console.log(`${h.percent.toFixed(1).padStart(5)}%  ${h.name}`);
    for (const c of h.callers) console.log(`         ${c.percent.toFixed(1).padStart(5)}%  ← ${c.name}`);
  }
}
