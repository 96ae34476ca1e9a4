import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fallbackPaths } from '../audit/fallback-paths.js';

export interface AuditFallbackStatus {
  fallbackFileSize: number;
  fallbackLines: number;
  drainingFileSize: number;
  rejectedLines: number;
}

const sizeOf = (path: string) => stat(path).then((s) => s.size, () => 0);

/** Counts newline bytes in a streamed read (the files are capped at 200 MiB). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return lines;
}

/** The file side of `GET /api/diagnostics/audit`: sizes and line counts of the fallback siblings. */
export async function auditFallbackStatus(fallbackFile: string): Promise<AuditFallbackStatus> {
  const paths = fallbackPaths(fallbackFile);
  const [fallbackFileSize, fallbackLines, drainingFileSize, rejectedLines] = await Promise.all([
    sizeOf(paths.file),
    countLines(paths.file),
    sizeOf(paths.draining),
    countLines(paths.rejected),
  ]);
  return { fallbackFileSize, fallbackLines, drainingFileSize, rejectedLines };
}
