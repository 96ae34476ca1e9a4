/**
 * The last values read from the database, used only while it is unreachable (operations.md §3),
 * and never when older than the allowed age (security.md: 15 minutes).
 */
export class LastKnown<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly maxAgeMs: number, private readonly maxEntries = 10_000) {}

  remember(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, at: Date.now() });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry whose key passes `test`. */
  forgetWhere(test: (key: string) => boolean): void {
    for (const key of this.entries.keys()) if (test(key)) this.entries.delete(key);
  }

  /** Every remembered entry, whatever its age. */
  *all(): IterableIterator<[string, V]> {
    for (const [key, e] of this.entries) yield [key, e.value];
  }

  recall(key: string): V | undefined {
    const e = this.entries.get(key);
    return e && Date.now() - e.at <= this.maxAgeMs ? e.value : undefined;
  }
}
