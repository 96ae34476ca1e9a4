import { constants as fsc } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export const FALLBACK_WARN_BYTES = 50 * 1024 * 1024;
export const FALLBACK_MAX_BYTES = 200 * 1024 * 1024;

/** The fallback path cannot take events: symlink, another owner, not a file, or full. */
export class FallbackRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: 'unsafe_path' | 'overflow' | 'io',
  ) {
    super(message);
  }
}

export interface FallbackLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Pending {
  text: string;
  resolve(): void;
  reject(err: Error): void;
}

const OPEN_FLAGS = fsc.O_WRONLY | fsc.O_APPEND | fsc.O_CREAT | fsc.O_NOFOLLOW;

/**
 * Appends lines to the audit fallback file with group commit: writers queue their line, one
 * flush at a time writes everything queued, fdatasyncs once, and resolves all of them. Each
 * flush opens the path anew (O_NOFOLLOW, 0600, owner checked), and afterwards checks that the
 * path still names the inode it wrote: if a drainer renamed or deleted the file meanwhile, the
 * batch is written again to the new file — a duplicate is harmless (the drain skips known `_id`s),
 * a loss is not.
 */
export class FallbackFile {
  private queue: Pending[] = [];
  private flushing = false;
  private warned = false;
  /** Size after the last successful flush (for the fallback-size metric). */
  lastSize = 0;

  constructor(
    readonly path: string,
    private readonly logger: FallbackLogger,
    private readonly limits = { warnBytes: FALLBACK_WARN_BYTES, maxBytes: FALLBACK_MAX_BYTES },
  ) {}

  /** Resolves once the line is on disk; rejects with FallbackRefusedError, never drops silently. */
  append(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text: `${line}\n`, resolve, reject });
      if (!this.flushing) void this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.writeDurably(batch.map((p) => p.text).join(''));
          for (const p of batch) p.resolve();
        } catch (err) {
          const e = err instanceof FallbackRefusedError ? err : new FallbackRefusedError(`audit fallback write failed: ${(err as Error).message}`, 'io');
          this.logger.error({ path: this.path, reason: e.reason, error: e.message }, '[audit-fallback] event NOT recorded: the fallback file refused it');
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeDurably(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    // Bounded: each retry means a drainer moved the file between our open and our check, and a
    // drainer moves it at most once per drain.
    for (let attempt = 0; attempt < 10; attempt++) {
      const fh = await this.openChecked();
      try {
        const { size, ino } = await fh.stat();
        if (size + bytes > this.limits.maxBytes) {
          this.logger.error({ path: this.path, size }, '[audit-fallback-overflow] the audit fallback file is full: state-changing requests are refused until the database is back');
          throw new FallbackRefusedError(`audit fallback file ${this.path} is full (${size} bytes)`, 'overflow');
        }
        await fh.write(text);
        await fh.datasync();
        const passedWarning = size + bytes > this.limits.warnBytes;
        if (passedWarning && !this.warned)
          this.logger.warn({ path: this.path, size: size + bytes }, '[audit-fallback] the audit fallback file passed 50 MiB: is the database down?');
        this.warned = passedWarning;
        this.lastSize = size + bytes;
        const now = await stat(this.path).catch(() => null);
        if (now?.ino === ino) return;
      } finally {
        await fh.close();
      }
    }
    throw new FallbackRefusedError(`audit fallback file ${this.path} kept moving while writing`, 'io');
  }

  private async openChecked(): Promise<FileHandle> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, OPEN_FLAGS, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'EMLINK') throw new FallbackRefusedError(`audit fallback path ${this.path} is a symlink: refused`, 'unsafe_path');
      throw err;
    }
    const st = await fh.stat();
    const uid = process.getuid?.();
    const problem = !st.isFile() ? 'is not a regular file' : uid !== undefined && st.uid !== uid ? `is owned by uid ${st.uid}, not by this process (uid ${uid})` : null;
    if (problem) {
      await fh.close();
      throw new FallbackRefusedError(`audit fallback path ${this.path} ${problem}: refused`, 'unsafe_path');
    }
    return fh;
  }
}
