/** The sibling files of one fallback file (operations.md §3). */
export interface FallbackPaths {
  file: string;
  /** The file being drained; new events go to a fresh `file` meanwhile. */
  draining: string;
  /** Lines that failed to parse or to verify, with their line numbers. */
  rejected: string;
  /** One drainer at a time per file, across processes. */
  lock: string;
}

export const fallbackPaths = (file: string): FallbackPaths => ({
  file,
  draining: `${file}.draining`,
  rejected: `${file}.rejected`,
  lock: `${file}.lock`,
});
