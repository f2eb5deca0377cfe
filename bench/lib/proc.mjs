import { readFileSync } from 'node:fs';

/** CPU time (user + system, in clock ticks of 1/100 s on Linux) and RSS of a process, from /proc. */
export function processSample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { at: performance.now(), ticks, rssKiB };
  } catch {
    return { at: performance.now(), ticks: NaN, rssKiB: NaN };
  }
}

/** CPU used between two samples, in % of one core (200 % = both cores of a 2-core machine). */
export function cpuPercent(before, after) {
  const seconds = (after.at - before.at) / 1000;
  return seconds > 0 ? Math.round(((after.ticks - before.ticks) / 100 / seconds) * 1000) / 10 : NaN;
}
