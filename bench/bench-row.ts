import type { RunningSim } from '../test/support/sim.js';

/** One line of the benchmark table: our figure against its baseline measured in the same run. */
export interface BenchRow {
  path: string;
  workload: string;
  ours: string;
  baseline: string;
  /** ours ÷ baseline of the figure the target names (null when there is no baseline or no figure). */
  ratio: number | null;
  target: string;
  /** null: nothing to judge (not measured). */
  pass: boolean | null;
  note?: string;
}

/** What bench/run.ts hands to a `run(scale, ctx)` module. */
export interface BenchContext {
  mongoUri: string;
  sim: RunningSim;
  scale: number;
}
