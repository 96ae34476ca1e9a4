// `make bench`: runs every bench/*.bench.ts against a private dev database and the simulator,
// prints the table and writes bench/results/latest.md. BENCH_SCALE (default 1) shrinks workloads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevDb, type DevDbProcess } from '../test/support/devdb-process.js';
import { startSim } from '../test/support/sim.js';
import type { BenchRow } from './bench-row.js';
import { failedRow, findBenchFiles, runBenchFile } from './support/bench-modules.js';
import { renderResultsFile, renderTable } from './support/results-table.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()) ?? null;

const started = performance.now();
let devdb: DevDbProcess | null = null;
const mongoUri = process.env.MONGODB_URI ?? (devdb = await startDevDb()).uri;
const sim = await startSim({ readyTimeoutMs: 60_000 });
const rows: BenchRow[] = [];
try {
  const { present, missing } = findBenchFiles(benchDir);
  for (const bench of present) {
    if (only && !only.some((o) => bench.file.startsWith(o))) continue;
    if (bench.form === null) {
      rows.push(failedRow(bench.path, `not measured: ${bench.file} exports no run(scale, ctx) (it is a by-hand script)`));
      continue;
    }
    const t0 = performance.now();
    console.error(`[bench] ${bench.file} …`);
    try {
      rows.push(...(await runBenchFile(benchDir, bench, { mongoUri, sim, scale })));
    } catch (err) {
      rows.push(failedRow(bench.path, `the bench failed: ${err instanceof Error ? err.message : String(err)}`));
    }
    console.error(`[bench] ${bench.file} done in ${Math.round((performance.now() - t0) / 1000)} s`);
    await sim.reset();
  }
  if (!only) for (const m of missing) rows.push(failedRow(m.path, `not measured: bench/${m.file} is missing`));
} finally {
  await sim.stop();
  await devdb?.dispose();
}

const elapsed = performance.now() - started;
console.log(renderTable(rows));
// BENCH_ONLY (a comma-separated list of file-name prefixes) is for working on one bench: the
// committed file always holds the whole table.
if (only) {
  console.log(`\nBENCH_ONLY set: bench/results/latest.md left as it was (${Math.round(elapsed / 1000)} s)`);
} else {
  const resultsFile = join(benchDir, 'results', 'latest.md');
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, renderResultsFile(rows, scale, elapsed, process.env.MONGODB_URI ? 'MONGODB_URI' : 'private dev database (FerretDB + PostgreSQL)'));
  console.log(`\nwritten to ${resultsFile} (${Math.round(elapsed / 1000)} s)`);
}
