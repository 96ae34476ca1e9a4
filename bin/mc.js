#!/usr/bin/env node
// `mc`: the compiled CLI (`npm run build`, or `make run`, writes dist/). No TypeScript at runtime.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mc: dist/src/cli/main.js is missing: run `npm run build` (make run does it) first\n');
  process.exit(1);
}
await import(entry.href);
