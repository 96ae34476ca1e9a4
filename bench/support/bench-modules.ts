// Finds bench/*.bench.ts modules and calls each in whichever of the two accepted signatures it declares.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext, BenchRow } from '../bench-row.js';

/** The table order; a module listed here but absent still gets a (FAIL) row. */
export const EXPECTED_BENCHES: ReadonlyArray<{ file: string; path: string }> = [
  { file: 'audit-write.bench.ts', path: 'audit write' },
  { file: 'audit-drain.bench.ts', path: 'fallback drain' },
  { file: 'recipients-upload.bench.ts', path: 'recipient ingestion' },
  { file: 'campaign-list.bench.ts', path: 'campaign list' },
  { file: 'backup-restore.bench.ts', path: 'backup / restore' },
  { file: 'core-call.bench.ts', path: 'Core call' },
  { file: 'status-sync.bench.ts', path: 'status sync' },
  { file: 'login-storm.bench.ts', path: 'login storm' },
];

type RunResult = BenchRow | BenchRow[];
type ContextRun = (scale: number, ctx: BenchContext) => Promise<RunResult>;
type UriRun = (scale: number, mongoUri: string) => Promise<RunResult>;

export interface BenchFile {
  file: string;
  path: string;
  /** null when the file exists but exports no run() (a by-hand script: importing it would run it). */
  form: 'context' | 'uri' | null;
}

// Source-level checks, because importing a by-hand script executes it, and a 2-parameter run()
// has the same arity in both forms: the second parameter's declared type tells them apart.
const RUN_EXPORT = /export\s+(async\s+)?function\s+run\s*\(|export\s+const\s+run\s*[:=]/;
const URI_FORM = /export\s+(?:async\s+)?function\s+run\s*\(\s*\w+\s*(?::\s*number)?\s*,\s*\w+\s*:\s*string\s*[,)]/;

export function findBenchFiles(dir: string): { present: BenchFile[]; missing: Array<{ file: string; path: string }> } {
  const onDisk = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
  const expectedNames = EXPECTED_BENCHES.map((b) => b.file);
  const ordered = [...EXPECTED_BENCHES.filter((b) => onDisk.includes(b.file)), ...onDisk.filter((f) => !expectedNames.includes(f)).sort().map((file) => ({ file, path: file.replace(/\.bench\.ts$/, '') }))];
  const present = ordered.map(({ file, path }) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const form: BenchFile['form'] = !RUN_EXPORT.test(source) ? null : URI_FORM.test(source) ? 'uri' : 'context';
    return { file, path, form };
  });
  return { present, missing: EXPECTED_BENCHES.filter((b) => !onDisk.includes(b.file)) };
}

export async function runBenchFile(dir: string, bench: BenchFile, ctx: BenchContext): Promise<BenchRow[]> {
  const mod = (await import(pathToFileURL(join(dir, bench.file)).href)) as { run?: unknown };
  if (typeof mod.run !== 'function') throw new Error(`${bench.file} exports no run()`);
  const result = bench.form === 'uri' ? await (mod.run as UriRun)(ctx.scale, ctx.mongoUri) : await (mod.run as ContextRun)(ctx.scale, ctx);
  return Array.isArray(result) ? result : [result];
}

export const failedRow = (path: string, note: string): BenchRow => ({ path, workload: '—', ours: '—', baseline: '—', ratio: null, target: '—', pass: false, note });
