import { constants as fsc } from 'node:fs';
import { access, lstat, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export const FALLBACK_WARN_BYTES = 50 * 1024 * 1024;
export const FALLBACK_MAX_BYTES = 200 * 1024 * 1024;
/** The room one state-changing request reserves for its events before it acts. */
export const FALLBACK_RESERVATION_BYTES = 64 * 1024;

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
  /** Written under a reservation: it may use the reserved room. */
  reserved: boolean;
  resolve(): void;
  reject(err: Error): void;
}

export type FallbackRoom = { ok: true; release(): void } | { ok: false; reason: FallbackRefusedError['reason']; message: string };

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
  /** Room promised to requests that have not finished (each FALLBACK_RESERVATION_BYTES). */
  private reservedBytes = 0;
  /** Size after the last successful flush (for the fallback-size metric). */
  lastSize = 0;

  constructor(
    readonly path: string,
    private readonly logger: FallbackLogger,
    private readonly limits = { warnBytes: FALLBACK_WARN_BYTES, maxBytes: FALLBACK_MAX_BYTES },
  ) {}

  /**
   * Proves the file could take one request's events, before the request acts: the path is safe
   * (a regular file of ours, or absent in a writable folder) and has room beyond what other
   * requests reserved. The room stays promised until `release()`; writes without a reservation
   * never use it.
   */
  async reserve(bytes = FALLBACK_RESERVATION_BYTES): Promise<FallbackRoom> {
    let size = 0;
    try {
      const st = await lstat(this.path);
      const uid = process.getuid?.();
      const problem = st.isSymbolicLink() ? 'is a symlink' : !st.isFile() ? 'is not a regular file' : uid !== undefined && st.uid !== uid ? `is owned by uid ${st.uid}` : null;
      if (problem) return { ok: false, reason: 'unsafe_path', message: `audit fallback path ${this.path} ${problem}` };
      size = st.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: 'io', message: (err as Error).message };
      const writable = await access(dirname(this.path), fsc.W_OK).then(() => true, () => false);
      if (!writable) return { ok: false, reason: 'io', message: `audit fallback folder ${dirname(this.path)} is not writable` };
    }
    if (size + this.reservedBytes + bytes > this.limits.maxBytes)
      return { ok: false, reason: 'overflow', message: `audit fallback file ${this.path} has no room (${size} bytes, ${this.reservedBytes} reserved)` };
    this.reservedBytes += bytes;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.reservedBytes -= bytes;
      },
    };
  }

  /** Resolves once the line is on disk; rejects with FallbackRefusedError, never drops silently. */
  append(line: string, reserved = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text: `${line}\n`, reserved, resolve, reject });
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
          for (const p of await this.writeDurably(batch)) p.resolve();
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

  /**
   * Writes the lines that fit and returns their writers; the others are rejected here. A line
   * written under a reservation may use the reserved room, any other line only what is left.
   */
  private async writeDurably(batch: Pending[]): Promise<Pending[]> {
    // Bounded: each retry means a drainer moved the file between our open and our check, and a
    // drainer moves it at most once per drain.
    for (let attempt = 0; attempt < 10; attempt++) {
      const fh = await this.openChecked();
      try {
        const { size, ino } = await fh.stat();
        const fits: Pending[] = [];
        const full: Pending[] = [];
        let bytes = 0;
        for (const p of batch) {
          const length = Buffer.byteLength(p.text);
          const limit = p.reserved ? this.limits.maxBytes : this.limits.maxBytes - this.reservedBytes;
          if (size + bytes + length > limit) full.push(p);
          else {
            fits.push(p);
            bytes += length;
          }
        }
        if (full.length) {
          this.logger.error({ path: this.path, size, refused: full.length }, '[audit-fallback-overflow] the audit fallback file is full: state-changing requests are refused until the database is back');
          const err = new FallbackRefusedError(`audit fallback file ${this.path} is full (${size} bytes)`, 'overflow');
          for (const p of full) p.reject(err);
        }
        batch = fits;
        if (fits.length === 0) return fits;
        await fh.write(fits.map((p) => p.text).join(''));
        await fh.datasync();
        const passedWarning = size + bytes > this.limits.warnBytes;
        if (passedWarning && !this.warned)
          this.logger.warn({ path: this.path, size: size + bytes }, '[audit-fallback] the audit fallback file passed 50 MiB: is the database down?');
        this.warned = passedWarning;
        this.lastSize = size + bytes;
        const now = await stat(this.path).catch(() => null);
        if (now?.ino === ino) return fits;
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
