/** Progress of long work on stderr: redrawn in place on a terminal, silent in scripts (not a TTY). */
export interface Progress {
  /** The current state, e.g. `dumped campaigns: 12000 documents` (redrawn at most every 200 ms). */
  update(text: string): void;
  /** A line that stays (a finished step); on a terminal only. */
  line(text: string): void;
  /** Clears the redrawn line. */
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 200): Progress {
  if (!stream.isTTY) return { update: () => undefined, line: () => undefined, done: () => undefined };
  let drawnAt = 0;
  let shown = false;
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(text) {
      const now = Date.now();
      if (shown && now - drawnAt < intervalMs) return;
      drawnAt = now;
      stream.write(`\r\x1b[K${text}`);
      shown = true;
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done: clear,
  };
}
