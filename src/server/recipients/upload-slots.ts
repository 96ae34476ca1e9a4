// UPLOAD_CONCURRENCY: how many uploads this process runs at once (product.md §5). Each holds up
// to UPLOAD_DEDUPE_MEMORY_MB, so this bounds the memory of uploads per process.
export class UploadSlots {
  private running = 0;
  /** Campaigns with an upload running here: a second upload to the same campaign waits its turn. */
  private readonly campaigns = new Set<string>();

  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves once no upload runs here (shutdown: an aborted upload has removed its spill files by then). */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** 'busy' when every slot is taken, 'campaign_busy' when this campaign already uploads. */
  tryAcquire(campaignId: string): { ok: true; release: () => void } | { ok: false; reason: 'busy' | 'campaign_busy' } {
    if (this.campaigns.has(campaignId)) return { ok: false, reason: 'campaign_busy' };
    if (this.running >= this.limit) return { ok: false, reason: 'busy' };
    this.running++;
    this.campaigns.add(campaignId);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        this.campaigns.delete(campaignId);
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      },
    };
  }
}

const perApp = new WeakMap<object, UploadSlots>();

/** The slots of one server (keyed by its AppContext, so test servers in one process do not share). */
export function uploadSlotsOf(app: object, limit: number): UploadSlots {
  let slots = perApp.get(app);
  if (!slots) {
    slots = new UploadSlots(limit);
    perApp.set(app, slots);
  }
  return slots;
}
