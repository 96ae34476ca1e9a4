import { describe, expect, it } from 'vitest';
import { RING_SIZE, WorkspaceEventHub, type HubEvent } from '../../src/server/events/event-hub.js';

const seq = (e: HubEvent) => Number(e.id.split('-')[1]);

describe('workspace event hub', () => {
  it('delivers to the workspace only, with increasing ids', () => {
    const hub = new WorkspaceEventHub();
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    const stopA = hub.subscribe('a', (e) => a.push(e));
    hub.subscribe('b', (e) => b.push(e));
    hub.publish('a', 'status', { n: 1 });
    hub.publish('b', 'status', { n: 2 });
    hub.publish('a', 'progress', { n: 3 });
    expect(a.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(b.map((e) => e.data)).toEqual([{ n: 2 }]);
    expect(seq(a[1]!)).toBeGreaterThan(seq(a[0]!));
    stopA();
    hub.publish('a', 'status', { n: 4 });
    expect(a).toHaveLength(2);
  });

  it('replays what came after Last-Event-ID', () => {
    const hub = new WorkspaceEventHub();
    const first = hub.publish('a', 'status', 1);
    hub.publish('b', 'status', 2);
    const third = hub.publish('a', 'status', 3);
    expect(hub.replaySince('a', first.id)).toEqual({ kind: 'events', events: [third] });
    expect(hub.replaySince('a', third.id)).toEqual({ kind: 'events', events: [] });
    expect(hub.replaySince('c', first.id)).toEqual({ kind: 'events', events: [] });
  });

  it('asks for a resync when the id is foreign, malformed, from the future, or older than the ring', () => {
    const hub = new WorkspaceEventHub();
    const first = hub.publish('a', 'status', 0);
    const epoch = first.id.split('-')[0]!;
    const otherEpoch = epoch === 'ffffffff' ? '00000000' : 'ffffffff';
    expect(hub.replaySince('a', `${otherEpoch}-1`)).toEqual({ kind: 'resync' });
    expect(hub.replaySince('a', 'garbage')).toEqual({ kind: 'resync' });
    expect(hub.replaySince('a', `${epoch}-99`)).toEqual({ kind: 'resync' });
    for (let i = 1; i <= RING_SIZE; i++) hub.publish('a', 'status', i);
    // `first` was pushed out of the ring, and so was nothing after it: still resumable.
    expect(hub.replaySince('a', first.id)).toMatchObject({ kind: 'events' });
    hub.publish('a', 'status', RING_SIZE + 1);
    expect(hub.replaySince('a', first.id)).toEqual({ kind: 'resync' });
    const recent = hub.replaySince('a', `${epoch}-${seq(first) + 2}`);
    expect(recent.kind === 'events' && recent.events.length).toBe(RING_SIZE - 1);
  });
});

describe('transient events', () => {
  it('are delivered live but never replayed', () => {
    const hub = new WorkspaceEventHub();
    const live: HubEvent[] = [];
    hub.subscribe('a', (e) => live.push(e));
    const first = hub.publish('a', 'status', 1);
    const transient = hub.publish('a', 'upload', 2, { keep: false });
    const last = hub.publish('a', 'status', 3);
    expect(live).toEqual([first, transient, last]);
    expect(hub.replaySince('a', first.id)).toEqual({ kind: 'events', events: [last] });
    expect(hub.replaySince('a', transient.id)).toEqual({ kind: 'events', events: [last] });
  });
});
