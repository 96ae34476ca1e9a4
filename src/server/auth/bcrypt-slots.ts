import os from 'node:os';

/**
 * bcrypt at cost 12 takes a core for ~250 ms. libuv runs four at once, which on a 2-core host
 * starves the event loop during a login storm; at most cores − 1 hashes run at a time, the rest
 * wait their turn here.
 */
const limit = Math.max(1, os.availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

export async function withBcryptSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
