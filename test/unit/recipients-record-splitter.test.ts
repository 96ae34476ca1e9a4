// The record splitter hands most records on from whole-record fast paths and the rest from its
// byte-by-byte state machine. Fed one byte at a time it runs the state machine for every record
// (an empty line aside), so any difference between the fast paths and the state machine shows up
// as a different list of fields for the same random CSV-like text.
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, RecordSplitter } from '../../src/server/recipients/ingest/record-splitter.js';
import { mulberry32 } from './recipients-sample-list.js';

// Digits weigh most, as in real lists; every byte the splitter treats specially is there.
const ALPHABET = ['0', '1', '5', '9', '9', '8', ' ', '\t', '\r', '\n', '\n', '"', '"', ',', ';', '+', '-', '(', ')', 'x', 'é'];

function randomText(random: () => number): Buffer {
  const parts: string[] = [];
  const records = 20 + Math.floor(random() * 60);
  for (let r = 0; r < records; r++) {
    const roll = random();
    if (roll < 0.03) parts.push('7'.repeat(MAX_RECORD_BYTES - 2 + Math.floor(random() * 4)));
    else if (roll < 0.3) parts.push(`"${'998901234567'.slice(0, Math.floor(random() * 13))}"${random() < 0.5 ? ',x' : ''}`);
    else if (roll < 0.5) parts.push(`+998 90 123-45-67${random() < 0.5 ? ';Name' : ''}`);
    const length = Math.floor(random() * 24);
    for (let i = 0; i < length; i++) parts.push(ALPHABET[Math.floor(random() * ALPHABET.length)]!);
    parts.push(random() < 0.2 ? '\r\n' : '\n');
  }
  if (random() < 0.5) parts.pop(); // no final line break
  return Buffer.from(parts.join(''));
}

function split(text: Buffer, chunkBytes: (at: number) => number) {
  const events: string[] = [];
  const splitter = new RecordSplitter({
    field: (bytes, start, end, line) => events.push(`${line}:${Buffer.from(bytes.subarray(start, end)).toString('latin1')}`),
    lineTooLong: (bytes, start, end, line) => events.push(`${line}:too long:${Buffer.from(bytes.subarray(start, end)).toString('latin1')}`),
  });
  for (let at = 0; at < text.length; ) {
    const next = Math.min(text.length, at + chunkBytes(at));
    splitter.push(text.subarray(at, next));
    at = next;
  }
  splitter.end();
  return { events, lines: splitter.lines, headerSkipped: splitter.headerSkipped };
}

describe('record splitter fast paths', () => {
  it('hand on exactly what the state machine does, for 400 random texts in any chunking', () => {
    let fastPathRecords = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = mulberry32(seed);
      const text = randomText(random);
      const byByte = split(text, () => 1);
      const whole = split(text, () => text.length);
      const chunked = split(text, () => 1 + Math.floor(random() * 200));
      expect(whole, `seed ${seed}`).toEqual(byByte);
      expect(chunked, `seed ${seed}`).toEqual(byByte);
      fastPathRecords += whole.events.length;
    }
    expect(fastPathRecords).toBeGreaterThan(10_000);
  });

  it('take a plain line, an unquoted first column and a simple quoted one without the state machine', () => {
    const text = Buffer.from('phone\n998901234567\r\n00998901234567,Name\n"(90) 1234567",x\n"",x\n""\n ,\n"12""3",x\n');
    expect(split(text, () => text.length).events).toEqual(['2:998901234567', '3:00998901234567', '4:(90) 1234567', '5:', '8:12"3']);
  });
});
