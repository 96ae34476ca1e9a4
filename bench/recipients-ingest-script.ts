// Recipient ingestion throughput and peak memory, run by hand (numbers in docs/recipients.md):
//   npx tsx bench/recipients-ingest-script.ts generate /tmp/list.csv 10000000
//   npx tsx bench/recipients-ingest-script.ts readline /tmp/list.csv
//   npx tsx bench/recipients-ingest-script.ts ingest /tmp/list.csv 128
// Each measurement is its own process so that peak RSS belongs to that step alone; `startRssMiB`
// is the process before the step (Node and the tsx loader), so the step's own share is the difference.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ingestRecipients } from '../src/server/recipients/ingest/ingest-recipients.js';
import { writeSampleList } from '../test/unit/recipients-sample-list.js';

const [mode, path, arg] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: generate|readline|ingest <path> [numbers|budgetMiB]');

const startRssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
const started = performance.now();
const seconds = (): number => (performance.now() - started) / 1000;
const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const startCpu = process.cpuUsage();
/** CPU of the step (every thread): on the bench's 2 shared cores this, more than wall time, decides. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage(startCpu);
  return (user + system) / 1e6;
};
const memory = () => ({ startRssMiB, peakRssMiB: peakRssMiB(), cpuSeconds: cpuSeconds() });

if (mode === 'generate') {
  const numbers = Number(arg ?? 10_000_000);
  const sample = await writeSampleList(path, { numbers, seed: 1, subscribers: Math.round(numbers * 0.8), keepDistinct: false });
  console.log(JSON.stringify({ mode, ...sample, seconds: seconds() }));
} else if (mode === 'readline') {
  let lines = 0;
  for await (const _ of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) lines++;
  console.log(JSON.stringify({ mode, lines, seconds: seconds(), linesPerSecond: Math.round(lines / seconds()), ...memory() }));
} else if (mode === 'ingest') {
  const tmpDir = await mkdtemp(join(tmpdir(), 'mc-ingest-bench-'));
  try {
    const ingestion = ingestRecipients(createReadStream(path), {
      defaultCountryCode: '998',
      localNumberLength: 9,
      maxBytes: 2 ** 30,
      dedupeMemoryBytes: Number(arg ?? 128) * 2 ** 20,
      tmpDir,
    });
    let outputBytes = 0;
    for await (const chunk of ingestion.output) outputBytes += chunk.length;
    const { sampleErrors: _, ...result } = await ingestion.result;
    console.log(
      JSON.stringify({ mode, ...result, outputBytes, seconds: seconds(), linesPerSecond: Math.round(result.lines / seconds()), ...memory() }),
    );
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
