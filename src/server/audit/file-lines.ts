import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/**
 * The lines of a text file, one read chunk's worth at a time: the next chunk is read only when
 * the caller asks for it, so a caller that awaits its inserts holds the reading back and memory
 * stays at a chunk plus what the caller keeps. A line ends at `\n` (a `\r` before it is dropped);
 * a last line without one is still a line. Unlike `readline`, whose async iterator queues lines
 * the caller has not taken yet, nothing is read ahead.
 */
export async function* fileLines(path: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const text = partial + decoder.write(chunk as Buffer);
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lines.push(text.charCodeAt(end - 1) === 13 /* \r */ && end > start ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    partial = text.slice(start);
    if (lines.length) yield lines;
  }
  const last = partial + decoder.end();
  if (last) yield [last.endsWith('\r') ? last.slice(0, -1) : last];
}
