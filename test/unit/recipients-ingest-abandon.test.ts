// A consumer that gives up before reading (the Core request could not even connect) must still
// settle `result`, or the upload would wait for ever.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { IngestAbandonedError, ingestRecipients } from '../../src/server/recipients/ingest/ingest-recipients.js';

const options = { defaultCountryCode: '998', localNumberLength: 9, maxBytes: 1 << 20, dedupeMemoryBytes: 1 << 20, tmpDir: tmpdir() };
async function* input() {
  yield Buffer.from('998901234567\n');
}

describe('ingestion closed before its first read', () => {
  it.each(['return', 'throw'] as const)('settles result as abandoned when %s() comes first', async (how) => {
    let read = false;
    const ingestion = ingestRecipients(
      (async function* () {
        read = true;
        yield* input();
      })(),
      options,
    );
    const iterator = ingestion.output[Symbol.asyncIterator]();
    if (how === 'return') await iterator.return!();
    else await expect(iterator.throw!(new Error('connect failed'))).rejects.toThrow('connect failed');
    await expect(ingestion.result).rejects.toBeInstanceOf(IngestAbandonedError);
    expect(read).toBe(false);
  });

  it('still reads and settles normally when read to the end', async () => {
    const ingestion = ingestRecipients(input(), options);
    const chunks: Buffer[] = [];
    for await (const chunk of ingestion.output) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('998901234567\n');
    await expect(ingestion.result).resolves.toMatchObject({ accepted: 1 });
  });
});
