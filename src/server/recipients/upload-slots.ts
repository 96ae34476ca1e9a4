import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { holdLease } from '../db/leases.js';

/** An upload's campaign lease outlives a replica that died during the upload by at most this. */
const UPLOAD_LEASE_MS = 60_000;

export type UploadSlot = { ok: true; release: () => Promise<void> } | { ok: false; reason: 'busy' | 'campaign_busy' };

/**
 * UPLOAD_CONCURRENCY: how many uploads this process runs at once (product.md §5). Each holds up
 * to UPLOAD_DEDUPE_MEMORY_MB, so this bounds the memory of uploads per process and is counted
 * here. One upload per campaign holds across every replica: a lease `upload:{campaign id}`.
 */
export class UploadSlots {
  private running = 0;

  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly limit: number,
  ) {}

  /** Resolves once no upload runs here (shutdown: an aborted upload has removed its spill files by then). */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** 'busy' when every slot of this process is taken, 'campaign_busy' when this campaign already uploads anywhere. */
  async tryAcquire(campaignId: string): Promise<UploadSlot> {
    if (this.running >= this.limit) return { ok: false, reason: 'busy' };
    this.running++;
    const lease = await holdLease(this.db, `upload:${campaignId}`, randomUUID(), UPLOAD_LEASE_MS).catch((err: unknown) => {
      this.running--;
      throw err;
    });
    if (!lease) {
      this.running--;
      return { ok: false, reason: 'campaign_busy' };
    }
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        this.running--;
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        await lease.release();
      },
    };
  }
}

const perApp = new WeakMap<object, UploadSlots>();

/** The slots of one server (keyed by its AppContext, so test servers in one process do not share). */
export function uploadSlotsOf(app: { db: Db }, limit: number): UploadSlots {
  let slots = perApp.get(app);
  if (!slots) {
    slots = new UploadSlots(app.db, limit);
    perApp.set(app, slots);
  }
  return slots;
}
