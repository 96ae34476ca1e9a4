// Runs every vitest suite (unit, integration, e2e) in one process and prints the CI total line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}

const out = 'test-results/vitest.json';
fs.mkdirSync('test-results', { recursive: true });
fs.rmSync(out, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(out)) {
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as VitestJson;
  passed = r.numPassedTests;
  // A file that failed to load has no test results of its own: count it as one failure.
  failed = r.numFailedTests + (r.numFailedTests === 0 && r.numFailedTestSuites > 0 ? r.numFailedTestSuites : 0);
  skipped = r.numPendingTests + r.numTodoTests;
} else {
  failed = 1;
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 || passed === 0 || run.status !== 0 ? 1 : 0);
