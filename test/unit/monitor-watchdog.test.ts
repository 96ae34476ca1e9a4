import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { watchDriverMonitor, type MonitorWatchdog, type WatchedClient } from '../../src/server/db/monitor-watchdog.js';

const STUCK_MS = 1_000; // well above any event-loop stall of a busy test machine

/** Stands in for a MongoClient: the test emits its monitoring events and sees close/connect. */
class FakeClient extends EventEmitter {
  calls: string[] = [];
  failConnects = 0;
  async close(): Promise<void> {
    this.calls.push('close');
  }
  async connect(): Promise<this> {
    this.calls.push('connect');
    if (this.failConnects > 0) {
      this.failConnects--;
      throw new Error('connect ECONNREFUSED');
    }
    return this;
  }
}

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let watchdog: MonitorWatchdog | null = null;
let heartbeats: NodeJS.Timeout | null = null;
afterEach(async () => {
  if (heartbeats) clearInterval(heartbeats);
  await watchdog?.stop();
  watchdog = null;
});

function watch(client: FakeClient) {
  let reconnected = 0;
  watchdog = watchDriverMonitor(client as unknown as WatchedClient, {
    stuckAfterMs: STUCK_MS,
    checkEveryMs: 10,
    logger: pino({ level: 'silent' }),
    onReconnected: () => reconnected++,
  });
  return () => reconnected;
}

/** Heartbeats every 20 ms, each ending at once, as a healthy driver's do (scaled down); counts them. */
function healthyHeartbeats(client: FakeClient): () => number {
  let n = 0;
  heartbeats = setInterval(() => {
    client.emit('serverHeartbeatStarted', {});
    client.emit(n % 2 ? 'serverHeartbeatFailed' : 'serverHeartbeatSucceeded', {});
    n++;
  }, 20);
  return () => n;
}

describe('database driver watchdog', () => {
  it('connects the client again when a check started and never ended', async () => {
    const client = new FakeClient();
    const reconnected = watch(client);
    client.emit('topologyOpening', {});
    client.emit('serverHeartbeatStarted', {});
    await until(() => reconnected() === 1);
    expect(client.calls).toEqual(['close', 'connect']);
  });

  it('connects again when an open client ran no check at all for the limit', async () => {
    const client = new FakeClient();
    const reconnected = watch(client);
    client.emit('topologyOpening', {});
    await until(() => reconnected() === 1);
    expect(client.calls).toEqual(['close', 'connect']);
  });

  it('leaves a client alone while its checks keep ending, whether they succeed or fail', async () => {
    const client = new FakeClient();
    watch(client);
    client.emit('topologyOpening', {});
    const count = healthyHeartbeats(client);
    await until(() => count() >= (3 * STUCK_MS) / 20);
    expect(client.calls).toEqual([]);
  });

  it('leaves a closed topology alone (a failed first connect: no checks are expected)', async () => {
    const client = new FakeClient();
    watch(client);
    client.emit('topologyOpening', {});
    client.emit('serverHeartbeatStarted', {});
    client.emit('serverHeartbeatFailed', {});
    client.emit('topologyClosed', {});
    const started = Date.now();
    await until(() => Date.now() - started > 3 * STUCK_MS);
    expect(client.calls).toEqual([]);
  });

  it('keeps trying to connect while the database is away, then carries on watching', async () => {
    const client = new FakeClient();
    client.failConnects = 2;
    const reconnected = watch(client);
    client.emit('serverHeartbeatStarted', {});
    await until(() => reconnected() === 1);
    expect(client.calls).toEqual(['close', 'connect', 'connect', 'connect']);
    client.emit('serverHeartbeatStarted', {}); // stuck again later
    await until(() => reconnected() === 2);
  });
});
