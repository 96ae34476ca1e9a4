import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryFileError, PayloadTooLargeError } from '../../src/server/recipients/ingest/errors.js';
import {
  IngestAbandonedError,
  ingestRecipients,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
} from '../../src/server/recipients/ingest/ingest-recipients.js';
import { MAX_RECORD_BYTES } from '../../src/server/recipients/ingest/record-splitter.js';
import { writeSampleList, type SampleList } from './recipients-sample-list.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mc-ingest-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshTmpDir(): Promise<string> {
  return mkdtemp(join(root, 'spill-'));
}

function options(tmpDir: string, overrides: Partial<IngestOptions> = {}): IngestOptions {
  return {
    defaultCountryCode: '998',
    localNumberLength: 9,
    maxBytes: 2 ** 30,
    dedupeMemoryBytes: 128 * 2 ** 20,
    tmpDir,
    ...overrides,
  };
}

/** Feeds `content` in chunks of `chunkBytes` (to cross every boundary) and counts bytes pulled. */
function source(content: Buffer, chunkBytes: number, pulled = { bytes: 0 }): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let at = 0; at < content.length; at += chunkBytes) {
        const chunk = content.subarray(at, at + chunkBytes);
        pulled.bytes += chunk.length;
        yield chunk;
      }
    },
  };
}

async function collect(output: AsyncIterable<Buffer>): Promise<string[]> {
  const parts: Buffer[] = [];
  for await (const chunk of output) parts.push(chunk);
  const text = Buffer.concat(parts).toString('latin1');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

async function ingestText(content: string | Buffer, chunkBytes = 3, overrides: Partial<IngestOptions> = {}) {
  const tmpDir = await freshTmpDir();
  const ingestion = ingestRecipients(source(Buffer.from(content), chunkBytes), options(tmpDir, overrides));
  const numbers = await collect(ingestion.output);
  return { numbers, result: await ingestion.result };
}

describe('recipient list formats', () => {
  it.each([1, 2, 3, 7, 4096])('reads .txt with LF and CRLF, in chunks of %i bytes', async (chunkBytes) => {
    const { numbers, result } = await ingestText('998901234567\r\n+998 90 123-45-68\n901234569\r\n', chunkBytes);
    expect(numbers).toEqual(['998901234567', '998901234568', '998901234569']);
    expect(result).toMatchObject({ lines: 3, accepted: 3, invalid: 0, duplicates: 0, headerSkipped: false, spilled: false });
  });

  it('drops a UTF-8 byte-order mark, even when split across chunks', async () => {
    const { numbers, result } = await ingestText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('901234567\n')]), 1);
    expect(numbers).toEqual(['998901234567']);
    expect(result.invalid).toBe(0);
  });

  it('skips a CSV header and reads the first column only, quoted or not', async () => {
    const csv = [
      'Phone;Name',
      '901234567;Ann',
      '"+998 (90) 123-45-68","Smith, John"',
      '"90 123 45 69",x',
      '"90 123 ""45"" 70",x',
      '901234571,"a note',
      'spanning lines, with a 5 digit 12345"',
      '901234572',
    ].join('\r\n');
    const { numbers, result } = await ingestText(csv, 5);
    expect(numbers).toEqual(['998901234567', '998901234568', '998901234569', '998901234571', '998901234572']);
    expect(result).toMatchObject({ lines: 8, accepted: 5, invalid: 1, headerSkipped: true });
    expect(result.sampleErrors).toEqual([{ line: 5, value: '90 123 "45" 70', reason: 'bad_characters' }]);
  });

  it('treats only the first non-empty line as a possible header', async () => {
    const { result } = await ingestText('\n\nphone\nname\n901234567\n');
    expect(result).toMatchObject({ lines: 5, accepted: 1, invalid: 1, headerSkipped: true });
    expect(result.sampleErrors).toEqual([{ line: 4, value: 'name', reason: 'bad_characters' }]);
    const noHeader = await ingestText('901234567\nphone\n');
    expect(noHeader.result).toMatchObject({ accepted: 1, invalid: 1, headerSkipped: false });
  });

  it('ignores blank lines and rows of empty cells but reports an empty first cell', async () => {
    const { numbers, result } = await ingestText('901234567\n\n   \r\n,,;\n"",""\n,Ann\n901234568');
    expect(numbers).toEqual(['998901234567', '998901234568']);
    expect(result).toMatchObject({ lines: 7, accepted: 2, invalid: 1 });
    expect(result.sampleErrors).toEqual([{ line: 6, value: '', reason: 'empty' }]);
  });

  it('counts invalid lines with their reasons and line numbers', async () => {
    const { result } = await ingestText('12345\n1234567890123456\n90-abc\n+\n901234567\n');
    expect(result).toMatchObject({ accepted: 1, invalid: 4 });
    expect(result.sampleErrors).toEqual([
      { line: 1, value: '12345', reason: 'too_short' },
      { line: 2, value: '1234567890123456', reason: 'too_long' },
      { line: 3, value: '90-abc', reason: 'bad_characters' },
      { line: 4, value: '+', reason: 'empty' },
    ]);
  });

  it('keeps the first 100 errors, values cut to 64 characters without control characters', async () => {
    const bad = `9a\u0001b${'x'.repeat(100)}`;
    const { result } = await ingestText(`${bad}\n`.repeat(150), 4096);
    expect(result.invalid).toBe(150);
    expect(result.sampleErrors).toHaveLength(100);
    expect(result.sampleErrors[99]).toEqual({ line: 100, value: `9ab${'x'.repeat(61)}`, reason: 'bad_characters' });
  });

  it('takes a line of exactly the limit and refuses one byte more, whatever the chunking', async () => {
    const pad = (n: number) => `${' '.repeat(n - 9)}901234567`; // blanks around a number are allowed
    const text = `901234560\n${pad(MAX_RECORD_BYTES)}\n${pad(MAX_RECORD_BYTES + 1).replace('901234567', '901234568')}\r\n901234569`;
    for (const chunkBytes of [1, 7, MAX_RECORD_BYTES, MAX_RECORD_BYTES + 1, 1 << 20]) {
      const { numbers, result } = await ingestText(text, chunkBytes);
      expect(numbers).toEqual(['998901234560', '998901234567', '998901234569']);
      expect(result).toMatchObject({ lines: 4, accepted: 3, invalid: 1 });
      expect(result.sampleErrors).toEqual([{ line: 3, value: ' '.repeat(64), reason: 'line_too_long' }]);
    }
  });

  it('reports a line over the limit as line_too_long without holding it, and goes on', async () => {
    const long = '9'.repeat(MAX_RECORD_BYTES * 50);
    const runaway = `"${'1'.repeat(10)}\n`.repeat(200); // an unclosed quote must not swallow the file
    const { numbers, result } = await ingestText(`901234567\n${long}\n901234568\n${runaway}901234569\n`, 1000);
    expect(result.sampleErrors[0]).toEqual({ line: 2, value: '9'.repeat(64), reason: 'line_too_long' });
    expect(numbers).toContain('998901234568');
    expect(numbers.at(-1)).toBe('998901234569');
    expect(result.lines).toBe(204);
  });

  it('accepts an empty file with nothing in it', async () => {
    const { numbers, result } = await ingestText('');
    expect(numbers).toEqual([]);
    expect(result).toEqual({ bytes: 0, lines: 0, accepted: 0, invalid: 0, duplicates: 0, headerSkipped: false, spilled: false, sampleErrors: [] });
  });

  it('refuses a binary file with binary_file', async () => {
    const zipLike = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64), Buffer.from('901234567\n')]);
    await expect(ingestText(zipLike)).rejects.toBeInstanceOf(BinaryFileError);
    const utf16 = Buffer.from('\ufeff901234567\n', 'utf16le');
    await expect(ingestText(utf16)).rejects.toMatchObject({ code: 'binary_file' });
    const controls = Buffer.from(Array.from({ length: 9000 }, (_, i) => (i % 10 === 0 ? 1 : 65)));
    await expect(ingestText(controls, 1024)).rejects.toMatchObject({ code: 'binary_file' });
  });

  it('removes duplicates, counting them, whatever the spelling', async () => {
    const { numbers, result } = await ingestText('901234567\n+998901234567\n00998 90 123 45 67\n901234568\n998901234568\n');
    expect(numbers).toEqual(['998901234567', '998901234568']);
    expect(result).toMatchObject({ accepted: 2, duplicates: 3 });
  });
});

describe('limits', () => {
  it('stops reading as soon as maxBytes is passed', async () => {
    const tmpDir = await freshTmpDir();
    const content = Buffer.from('901234567\n'.repeat(100_000)); // 1 MB
    const pulled = { bytes: 0 };
    const ingestion = ingestRecipients(source(content, 1024, pulled), options(tmpDir, { maxBytes: 10_000 }));
    await expect(collect(ingestion.output)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(ingestion.result).rejects.toMatchObject({ code: 'payload_too_large', limitBytes: 10_000 });
    expect(pulled.bytes).toBe(10_240);
  });

  it('accepts a file of exactly maxBytes', async () => {
    const { result } = await ingestText('901234567\n', 4, { maxBytes: 10 });
    expect(result.accepted).toBe(1);
  });

  it('reads the upload only as fast as the clean list is consumed', async () => {
    const tmpDir = await freshTmpDir();
    const lines = Array.from({ length: 200_000 }, (_, i) => String(100000000 + i)).join('\n');
    const pulled = { bytes: 0 };
    const ingestion = ingestRecipients(source(Buffer.from(lines), 16 * 1024, pulled), options(tmpDir));
    const iterator = ingestion.output[Symbol.asyncIterator]();
    await iterator.next();
    expect(pulled.bytes).toBeLessThanOrEqual(128 * 1024);
    await iterator.return?.();
    await expect(ingestion.result).rejects.toBeInstanceOf(IngestAbandonedError);
  });
});

describe('spill partitions that overflow the budget themselves', () => {
  it('are split again and still give exact results', async () => {
    const file = join(root, 'small-budget.csv');
    const sample = await writeSampleList(file, { numbers: 400_000, seed: 7, subscribers: 500_000, keepDistinct: true });
    const tmpDir = await freshTmpDir();
    // 8 KiB holds 716 numbers; each of the 256 first-level partitions gets more distinct ones.
    const ingestion = ingestRecipients(createReadStream(file), options(tmpDir, { dedupeMemoryBytes: 8192 }));
    const numbers = await collect(ingestion.output);
    const result = await ingestion.result;
    expect(result).toMatchObject({ spilled: true, accepted: sample.distinctCount, duplicates: sample.valid - sample.distinctCount });
    expect(new Set(numbers)).toEqual(sample.distinct);
    expect(numbers).toHaveLength(sample.distinctCount);
    expect(await readdir(tmpDir)).toEqual([]);
  }, 20_000);
});

describe('a 1,000,000-number list', () => {
  let file: string;
  let sample: SampleList;
  let fileBytes: number;
  beforeAll(async () => {
    file = join(root, 'list.csv');
    sample = await writeSampleList(file, { numbers: 1_000_000, seed: 20240611, subscribers: 700_000, keepDistinct: true });
    fileBytes = (await stat(file)).size;
  }, 30_000);

  async function ingestFile(budgetBytes: number, onProgress?: (p: IngestProgress) => void) {
    const tmpDir = await freshTmpDir();
    const ingestion = ingestRecipients(createReadStream(file), options(tmpDir, { dedupeMemoryBytes: budgetBytes, onProgress }));
    const numbers = await collect(ingestion.output);
    return { numbers, result: await ingestion.result, leftInTmp: await readdir(tmpDir) };
  }

  function expectExact(numbers: string[], result: IngestResult): void {
    const expectedDuplicates = sample.valid - sample.distinctCount;
    expect(result).toMatchObject({
      bytes: fileBytes,
      lines: sample.lines,
      accepted: sample.distinctCount,
      invalid: sample.invalid,
      duplicates: expectedDuplicates,
      headerSkipped: true,
    });
    expect(numbers).toHaveLength(sample.distinctCount);
    const output = new Set(numbers);
    expect(output.size).toBe(numbers.length);
    for (const digits of sample.distinct!) if (!output.has(digits)) expect.fail(`missing ${digits}`);
  }

  it('gives exact counts in memory', async () => {
    const progress: IngestProgress[] = [];
    const { numbers, result, leftInTmp } = await ingestFile(128 * 2 ** 20, (p) => progress.push(p));
    expect(result.spilled).toBe(false);
    expectExact(numbers, result);
    expect(leftInTmp).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ bytes: fileBytes, accepted: result.accepted, pendingDedupe: 0 });
  }, 20_000);

  it('gives the same counts and numbers through spill files with a 1 MiB budget, and removes them', async () => {
    const { numbers, result, leftInTmp } = await ingestFile(2 ** 20);
    expect(result.spilled).toBe(true);
    expectExact(numbers, result);
    expect(leftInTmp).toEqual([]);
  }, 20_000);

  async function spillFilesExist(tmpDir: string): Promise<boolean> {
    const [dir] = await readdir(tmpDir);
    return dir !== undefined && (await readdir(join(tmpDir, dir))).length > 0;
  }

  it('removes spill files when aborted mid-stream', async () => {
    const tmpDir = await freshTmpDir();
    const controller = new AbortController();
    const ingestion = ingestRecipients(createReadStream(file), options(tmpDir, { dedupeMemoryBytes: 2 ** 20, signal: controller.signal }));
    let sawSpillFiles = false;
    const consume = async () => {
      for await (const _ of ingestion.output) {
        if (!sawSpillFiles && (await spillFilesExist(tmpDir))) {
          sawSpillFiles = true;
          controller.abort(new Error('stop'));
        }
      }
    };
    await expect(consume()).rejects.toThrow('stop');
    await expect(ingestion.result).rejects.toThrow('stop');
    expect(sawSpillFiles).toBe(true);
    expect(await readdir(tmpDir)).toEqual([]);
  }, 20_000);

  it('removes spill files when the consumer gives up', async () => {
    const tmpDir = await freshTmpDir();
    const ingestion = ingestRecipients(createReadStream(file), options(tmpDir, { dedupeMemoryBytes: 2 ** 20 }));
    let sawSpillFiles = false;
    for await (const _ of ingestion.output) {
      if (await spillFilesExist(tmpDir)) {
        sawSpillFiles = true;
        const [dir] = await readdir(tmpDir);
        const [spillFile] = await readdir(join(tmpDir, dir!));
        expect((await stat(join(tmpDir, dir!))).mode & 0o777).toBe(0o700);
        expect((await stat(join(tmpDir, dir!, spillFile!))).mode & 0o777).toBe(0o600);
        break;
      }
    }
    expect(sawSpillFiles).toBe(true);
    await expect(ingestion.result).rejects.toBeInstanceOf(IngestAbandonedError);
    expect(await readdir(tmpDir)).toEqual([]);
  }, 20_000);

  it('fails when the spill files cannot be written (their directory cannot be made)', async () => {
    const ingestion = ingestRecipients(createReadStream(file), options(join(root, 'removed'), { dedupeMemoryBytes: 2 ** 20 }));
    await expect(collect(ingestion.output)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(ingestion.result).rejects.toMatchObject({ code: 'ENOENT' });
  }, 20_000);
});
