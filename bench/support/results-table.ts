import os from 'node:os';
import type { BenchRow } from '../bench-row.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const verdict = (pass: boolean | null) => (pass === null ? '—' : pass ? 'PASS' : 'FAIL');

export function renderTable(rows: BenchRow[]): string {
  const lines = ['| path | workload | ours | baseline | ratio | target | result |', '|---|---|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${[r.path, r.workload, r.ours, r.baseline, r.ratio === null ? '—' : `${r.ratio}×`, r.target, verdict(r.pass)].map(cell).join(' | ')} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- **${cell(r.path)}** (${verdict(r.pass)}): ${cell(r.note!)}`);
  return [...lines, ...(notes.length ? ['', 'Notes:', '', ...notes] : [])].join('\n');
}

export function renderResultsFile(rows: BenchRow[], scale: number, elapsedMs: number, database: string): string {
  const cpus = os.cpus();
  return [
    '# Benchmark results',
    '',
    `Written by \`make bench\` (bench/run.ts). Do not edit by hand; see docs/performance.md for what each row measures.`,
    '',
    `- Date: ${new Date().toISOString()}`,
    `- BENCH_SCALE: ${scale}${scale === 1 ? ' (full workloads)' : ' (workloads shrunk; not the committed full-scale figures)'}`,
    `- CPUs: ${os.availableParallelism()} (${cpus[0]?.model.trim() ?? 'unknown model'}), memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `- Node: ${process.version}; database: ${database}`,
    `- Total run time: ${Math.round(elapsedMs / 1000)} s`,
    '',
    renderTable(rows),
    '',
  ].join('\n');
}
