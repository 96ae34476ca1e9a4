// Carries the events published on one replica to the event streams of the others, through
// MongoDB (`event_feed`), so it needs no other service and works on servers without change
// streams (the dev database, FerretDB v1). Each replica writes what its hub publishes in small
// batches and polls for the batches of the others; a batch lives a minute.
import { ObjectId, type Db } from 'mongodb';
import type { Logger } from 'pino';
import { campaignEvents, type CampaignEvent } from '../campaigns/campaign-events.js';
import { COLLECTIONS } from '../db/collections.js';
import type { SharedEvent, WorkspaceEventHub } from './event-hub.js';

interface FeedBatch {
  _id: ObjectId;
  /** The writer's clock when it wrote the batch. */
  at: Date;
  /** The writing hub's epoch: a replica skips its own batches. */
  origin: string;
  events: SharedEvent[];
  expires_at: Date;
}

export const FEED_TIMINGS = {
  /** Events published within this are written as one batch. */
  flushMs: 100,
  /** How often each replica looks for the other replicas' batches. */
  pollMs: 300,
  /**
   * Each look re-lists the ids of batches written this far back, so a batch whose writer's clock
   * or insert lagged is still found (ids already delivered are skipped). Replica clocks must agree
   * to within this (NTP does far better).
   */
  lookbackMs: 10_000,
  keepMs: 60_000,
};
const MAX_BATCH_EVENTS = 500;

export interface EventFeed {
  stop(): Promise<void>;
}

/** Shares `hub`'s events through `db` and delivers the other replicas' events to it. */
export function startEventFeed(db: Db, hub: WorkspaceEventHub, logger: Logger): EventFeed {
  const feed = db.collection<FeedBatch>(COLLECTIONS.eventFeed);
  const warn = (what: string) => (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, what);

  let pending: SharedEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    flushTimer = null;
    const events = pending;
    pending = [];
    const now = Date.now();
    const batches: FeedBatch[] = [];
    for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS)
      batches.push({
        _id: new ObjectId(),
        at: new Date(now),
        origin: hub.epoch,
        events: events.slice(i, i + MAX_BATCH_EVENTS),
        expires_at: new Date(now + FEED_TIMINGS.keepMs),
      });
    if (batches.length) writing = feed.insertMany(batches, { ordered: false }).catch(warn('could not share events with the other replicas'));
  };
  const unshare = hub.share((event) => {
    pending.push(event);
    flushTimer ??= setTimeout(flush, FEED_TIMINGS.flushMs);
  });

  /** Ids already delivered (or our own), with the batch time, forgotten once past the look-back. */
  const seen = new Map<string, number>();
  let newest = Date.now();
  const deliver = (batch: FeedBatch) => {
    for (const e of batch.events) {
      hub.deliver(e.workspaceId, e.name, e.data, { keep: e.keep });
      if (e.name === 'status') campaignEvents.publishRemote({ ...(e.data as object), type: 'status', workspace_id: e.workspaceId } as CampaignEvent);
    }
  };
  const look = async () => {
    const since = new Date(newest - FEED_TIMINGS.lookbackMs);
    const listed = await feed.find({ at: { $gte: since } }, { projection: { _id: 1, at: 1, origin: 1 } }).toArray();
    const fresh: ObjectId[] = [];
    for (const b of listed) {
      const id = b._id.toHexString();
      if (seen.has(id)) continue;
      seen.set(id, b.at.getTime());
      newest = Math.max(newest, b.at.getTime());
      if (b.origin !== hub.epoch) fresh.push(b._id);
    }
    if (fresh.length) {
      const batches = await feed.find({ _id: { $in: fresh } }).toArray();
      batches.sort((a, b) => a.at.getTime() - b.at.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()));
      for (const batch of batches) deliver(batch);
    }
    for (const [id, at] of seen) if (at < since.getTime()) seen.delete(id);
  };

  let stopped = false;
  let looking: Promise<void> = Promise.resolve();
  let lookTimer: NodeJS.Timeout | null = null;
  const tick = () => {
    looking = look()
      .catch(warn('could not read the other replicas’ events'))
      .finally(() => {
        if (!stopped) lookTimer = setTimeout(tick, FEED_TIMINGS.pollMs);
      });
  };
  lookTimer = setTimeout(tick, FEED_TIMINGS.pollMs);

  return {
    stop: async () => {
      stopped = true;
      unshare();
      if (lookTimer) clearTimeout(lookTimer);
      if (flushTimer) {
        clearTimeout(flushTimer);
        flush();
      }
      await looking;
      await writing;
    },
  };
}
