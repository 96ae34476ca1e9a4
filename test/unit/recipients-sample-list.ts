// Writes a seeded recipient list in mixed formats and knows, by construction, which lines are
// valid and what each normalises to — independent of the code under test.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface SampleList {
  lines: number;
  valid: number;
  invalid: number;
  /** Canonical digits of every distinct valid number (only when asked for). */
  distinct: Set<string> | null;
  distinctCount: number;
}

export interface SampleListOptions {
  numbers: number;
  seed: number;
  /** Distinct subscribers to draw from: fewer than `numbers` makes duplicates. */
  subscribers: number;
  keepDistinct: boolean;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INVALID_LINES = ['12345', '+9989012345678901', '90-abc-45-67', '998 90 123 45 67 x', '"+998 90"'];

/** Country code 998, local length 9: the defaults of product.md §5. */
export async function writeSampleList(path: string, options: SampleListOptions): Promise<SampleList> {
  const random = mulberry32(options.seed);
  const out = createWriteStream(path);
  const seen = new Uint8Array(Math.ceil(options.subscribers / 8)); // a bitmap: Sets stop at 2^24
  let distinctCount = 0;
  const distinct = options.keepDistinct ? new Set<string>() : null;
  let text = 'phone,name\r\n';
  let valid = 0;
  let invalid = 0;
  let lines = 1;
  for (let n = 0; n < options.numbers; n++) {
    const roll = random();
    if (roll < 0.02) {
      text += INVALID_LINES[Math.floor(random() * INVALID_LINES.length)] + '\n';
      invalid++;
    } else {
      const subscriber = Math.floor(random() * options.subscribers);
      const local = String(900000000 + subscriber);
      text += formatted(local, roll) + (roll < 0.3 ? '\r\n' : '\n');
      valid++;
      if (distinct !== null) distinct.add('998' + local);
      const bit = 1 << (subscriber & 7);
      if ((seen[subscriber >> 3]! & bit) === 0) {
        seen[subscriber >> 3]! |= bit;
        distinctCount++;
      }
    }
    lines++;
    if (roll > 0.995) {
      text += '\n'; // blank lines are ignored but counted as lines
      lines++;
    }
    if (text.length > 65536 && !out.write(text)) {
      text = '';
      await once(out, 'drain');
    } else if (text.length > 65536) {
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
  return { lines, valid, invalid, distinct, distinctCount };
}

function formatted(local: string, roll: number): string {
  const bucket = Math.floor(roll * 100) % 6;
  switch (bucket) {
    case 0:
      return local;
    case 1:
      return '998' + local;
    case 2:
      return `+998 ${local.slice(0, 2)} ${local.slice(2, 5)}-${local.slice(5, 7)}-${local.slice(7)}`;
    case 3:
      return `00998${local},Name ${roll.toFixed(3)}`;
    case 4:
      return `"(${local.slice(0, 2)}) ${local.slice(2)}",x`;
    default:
      return `998.${local}`;
  }
}
