/** CPU and memory of another process, read from /proc (Linux): the server is measured from outside. */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
}

/**
 * CPU seconds of `pid`'s child processes, each with the children it has reaped: the espeak host and the espeak-ng
 * processes it ran. (A child that exits is counted by `pid` only once reaped; the server's own children live long.)
 */
function childrenCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== pid) continue; // ppid (field 4)
      // utime, stime, cutime, cstime
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Resident memory in bytes. */
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

export interface ProcWindow {
  /** Average CPU over the window, 100 = one core. */
  cpuPercent: number;
  /** Average CPU of its child processes over the window (the espeak host and its espeak-ng runs), 100 = one core. */
  childrenCpuPercent: number;
  rssMaxBytes: number;
  rssAvgBytes: number;
}

/** Samples a process every second from now until stop(): average CPU, peak and mean RSS. */
export function watchProcess(pid: number): { stop(): ProcWindow } {
  const cpu0 = cpuSeconds(pid);
  const children0 = childrenCpuSeconds(pid);
  const t0 = performance.now();
  const rss: number[] = [rssBytes(pid)];
  const timer = setInterval(() => rss.push(rssBytes(pid)), 1000);
  return {
    stop() {
      clearInterval(timer);
      rss.push(rssBytes(pid));
      const seconds = (performance.now() - t0) / 1000;
      return {
        cpuPercent: (100 * (cpuSeconds(pid) - cpu0)) / seconds,
        childrenCpuPercent: (100 * Math.max(0, childrenCpuSeconds(pid) - children0)) / seconds,
        rssMaxBytes: Math.max(...rss),
        rssAvgBytes: rss.reduce((a, b) => a + b, 0) / rss.length,
      };
    },
  };
}
