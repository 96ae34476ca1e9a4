// The driver checks the database every heartbeatFrequencyMS (10 s) and at once when an operation
// finds no usable server; every check ends, with success or failure, within two connect timeouts.
// Seen with mongodb 6.22 after a database restart (about one outage in three in
// test/integration/audit-outage.test.ts): a check started as the old connection was closing never
// ended, no further check ran, and every operation failed server selection for good although the
// database was back. This watchdog notices a check that has not ended in `stuckAfterMs`, or no check
// at all for that long, and connects the client again; operations meanwhile fail as "database
// unavailable" (503, audit to the fallback file), as they did while the monitor was stuck.
import type { Logger } from 'pino';
import type { MongoClient } from 'mongodb';

/** What the watchdog uses of a MongoClient: its monitoring events, close and connect. */
export type WatchedClient = Pick<MongoClient, 'on' | 'off' | 'close' | 'connect'>;

export interface MonitorWatchdogOptions {
  stuckAfterMs: number;
  checkEveryMs: number;
  logger: Logger;
  /** Called after each reconnection (metrics, tests). */
  onReconnected?: () => void;
}

export interface MonitorWatchdog {
  stop(): Promise<void>;
}

export function watchDriverMonitor(client: WatchedClient, opts: MonitorWatchdogOptions): MonitorWatchdog {
  let lastSign = performance.now(); // a check started or ended, or the client (re)connected
  let open = false; // a failed connect closes the topology: no checks then, and none expected
  let checking = false;
  let checkStartedAt = 0;
  let stopped = false;
  let reconnecting: Promise<void> | null = null;
  const started = () => {
    if (!checking) checkStartedAt = performance.now();
    open = true;
    checking = true;
    lastSign = performance.now();
  };
  const ended = () => {
    open = true;
    checking = false;
    lastSign = performance.now();
  };
  const opened = () => {
    open = true;
    lastSign = performance.now();
  };
  const closed = () => {
    open = false;
    checking = false;
  };
  client.on('topologyOpening', opened);
  client.on('topologyClosed', closed);
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);

  const reconnect = async (): Promise<void> => {
    opts.logger.warn({ stuckForMs: Math.round(performance.now() - (checking ? checkStartedAt : lastSign)) }, 'the database driver stopped checking the database; connecting again');
    checking = false;
    await client.close().catch(() => undefined);
    while (!stopped) {
      try {
        await client.connect();
        lastSign = performance.now();
        opts.logger.info('database driver connected again');
        opts.onReconnected?.();
        return;
      } catch (err) {
        opts.logger.warn({ err }, 'database driver could not connect again yet');
        await new Promise((r) => setTimeout(r, opts.checkEveryMs));
      }
    }
  };

  const timer = setInterval(() => {
    if (stopped || reconnecting) return;
    const now = performance.now();
    const stuck = checking ? now - checkStartedAt > opts.stuckAfterMs : open && now - lastSign > opts.stuckAfterMs;
    if (!stuck) return;
    reconnecting = reconnect().finally(() => {
      reconnecting = null;
    });
  }, opts.checkEveryMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await reconnecting;
      client.off('topologyOpening', opened);
      client.off('topologyClosed', closed);
      client.off('serverHeartbeatStarted', started);
      client.off('serverHeartbeatSucceeded', ended);
      client.off('serverHeartbeatFailed', ended);
    },
  };
}
