// Small measuring helpers shared by the benches: counts scaled by BENCH_SCALE, rates, percentiles, peak RSS.
import { readFileSync } from 'node:fs';

/** `full` shrunk by BENCH_SCALE, never below `min`. */
export const scaled = (full: number, scale: number, min = 1): number => Math.max(min, Math.round(full * scale));

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, i)]!;
}

export const ratioOf = (ours: number, baseline: number): number | null =>
  Number.isFinite(ours) && Number.isFinite(baseline) && baseline > 0 ? Math.round((ours / baseline) * 100) / 100 : null;

export const perSecond = (count: number, ms: number): number => (count * 1000) / ms;

export function formatRate(perSec: number, unit: string): string {
  if (perSec >= 10_000) return `${Math.round(perSec / 1000)} k ${unit}/s`;
  return `${Math.round(perSec)} ${unit}/s`;
}

export const formatMs = (ms: number): string => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);

/** Runs `fn(0..count-1)` with at most `concurrency` in flight; answers the elapsed milliseconds. */
export async function runConcurrently(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** Peak resident set of another process (kernel high-water mark), in MiB; null when it is gone. */
export function childPeakRssMiB(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Logs each phase of a bench with its duration to stderr (`[bench] name: phase 12.3 s`), to see where a run's time goes. */
export function phaseClock(bench: string): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    console.error(`[bench] ${bench}: ${phase} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}
