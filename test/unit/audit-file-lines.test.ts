import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLines } from '../../src/server/audit/file-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'mc-file-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function linesOf(content: string | Buffer): Promise<string[]> {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, content);
  const all: string[] = [];
  for await (const lines of fileLines(file)) all.push(...lines);
  return all;
}

describe('fileLines', () => {
  it('splits on \\n, drops the \\r of \\r\\n, keeps empty lines and a last line without a newline', async () => {
    expect(await linesOf('a\r\nb\n\nc')).toEqual(['a', 'b', '', 'c']);
    expect(await linesOf('a\n')).toEqual(['a']);
    expect(await linesOf('')).toEqual([]);
    expect(await linesOf('\r\n')).toEqual(['']);
  });

  it('keeps a multi-byte character whole when a read chunk ends inside it', async () => {
    // 1 MiB chunks: the 2-byte "é" straddles the first chunk boundary, the long line spans chunks.
    const long = `${'x'.repeat((1 << 20) - 1)}é${'y'.repeat(10)}`;
    const lines = await linesOf(`${long}\nпривет\n`);
    expect(lines).toEqual([long, 'привет']);
  });
});
