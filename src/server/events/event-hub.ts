// The per-process feed behind GET /api/w/{slug}/events: one source (the status poller's
// `campaignEvents`, plus upload progress) fans out to every open stream of a workspace, and a
// bounded ring of recent events per workspace lets a reconnecting client resume (Last-Event-ID).
// What is published here is also handed to the sinks (the event feed, event-feed.ts), which carry
// it to the other replicas; what they bring back is delivered with `deliver`, not shared again.
import { randomBytes } from 'node:crypto';
import { campaignEvents, type CampaignEvent } from '../campaigns/campaign-events.js';

export interface HubEvent {
  /** `<process epoch>-<sequence>`: the sequence only grows within this process. */
  id: string;
  name: string;
  data: unknown;
}

type Listener = (event: HubEvent) => void;

/** An event as it travels between replicas. */
export interface SharedEvent {
  workspaceId: string;
  name: string;
  data: unknown;
  keep: boolean;
}
type Sink = (event: SharedEvent) => void;

interface Ring {
  events: HubEvent[];
  /** The sequence of the newest event dropped from this workspace's ring (0: none yet). */
  evictedUpTo: number;
}

/** Recent events kept per workspace for resuming; older ones make the client resynchronise. */
export const RING_SIZE = 512;

/**
 * The result of resuming after `lastEventId`: the events since, or `resync` when they are no
 * longer all known here (the ring overflowed, the id came from another process or replica).
 */
export type Replay = { kind: 'events'; events: HubEvent[] } | { kind: 'resync' };

export class WorkspaceEventHub {
  /** Ids of a restarted process or another replica never look like ours. */
  readonly epoch = randomBytes(4).toString('hex');
  private readonly sinks = new Set<Sink>();
  private sequence = 0;
  private readonly rings = new Map<string, Ring>();
  private readonly listeners = new Map<string, Set<Listener>>();

  /**
   * `keep: false` for transient events (upload progress, up to 4 a second): delivered live but not
   * kept for resuming, so they cannot push the status changes out of the ring.
   */
  publish(workspaceId: string, name: string, data: unknown, { keep = true }: { keep?: boolean } = {}): HubEvent {
    for (const sink of this.sinks) sink({ workspaceId, name, data, keep });
    return this.deliver(workspaceId, name, data, { keep });
  }

  /** Publishes here only: an event another replica shared. */
  deliver(workspaceId: string, name: string, data: unknown, { keep = true }: { keep?: boolean } = {}): HubEvent {
    const event: HubEvent = { id: `${this.epoch}-${++this.sequence}`, name, data };
    for (const listener of this.listeners.get(workspaceId) ?? []) listener(event);
    if (!keep) return event;
    let ring = this.rings.get(workspaceId);
    if (!ring) {
      ring = { events: [], evictedUpTo: 0 };
      this.rings.set(workspaceId, ring);
    }
    ring.events.push(event);
    if (ring.events.length > RING_SIZE) ring.evictedUpTo = sequenceOf(ring.events.shift()!);
    return event;
  }

  /** Hands every event published here to `sink` as well, until the returned function is called. */
  share(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  subscribe(workspaceId: string, listener: Listener): () => void {
    let set = this.listeners.get(workspaceId);
    if (!set) {
      set = new Set();
      this.listeners.set(workspaceId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }

  replaySince(workspaceId: string, lastEventId: string): Replay {
    const match = /^([0-9a-f]{8})-([0-9]{1,15})$/.exec(lastEventId);
    if (!match || match[1] !== this.epoch) return { kind: 'resync' };
    const last = Number(match[2]);
    if (last > this.sequence) return { kind: 'resync' };
    const ring = this.rings.get(workspaceId);
    if (!ring) return { kind: 'events', events: [] };
    if (ring.evictedUpTo > last) return { kind: 'resync' };
    return { kind: 'events', events: ring.events.filter((e) => sequenceOf(e) > last) };
  }
}

const sequenceOf = (event: HubEvent): number => Number(event.id.slice(event.id.indexOf('-') + 1));

/** The process's hub: every workspace's campaign changes, as the status poller applies them. */
export const eventHub = new WorkspaceEventHub();

function publishCampaign(event: CampaignEvent): void {
  const { workspace_id: workspaceId, ...data } = event;
  eventHub.publish(workspaceId, event.type, data);
}

campaignEvents.on('*', publishCampaign);
