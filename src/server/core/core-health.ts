import { request, type Dispatcher } from 'undici';
import type { CoreLogger } from './logger.js';

export type CoreHealthStatus = 'ok' | 'down' | 'unknown';

export interface CoreHealthState {
  status: CoreHealthStatus;
  /** ISO time of the last check or of the call that changed the status; null before any. */
  checkedAt: string | null;
  error?: string;
}

export interface CoreHealthOptions {
  healthUrl: string;
  intervalMs: number;
  downIntervalMs?: number;
  /** Per-check timeout; defaults to the fast interval so a hung check cannot stall polling. */
  timeoutMs?: number;
  logger: CoreLogger;
  dispatcher?: Dispatcher;
}

export interface CoreHealth {
  start(): void;
  stop(): void;
  state(): CoreHealthState;
  /** A Core call just failed with a network error, timeout or 5xx: down now, fast polling. */
  markDown(reason?: string): void;
  /** A Core call just succeeded. */
  markUp(): void;
  onChange(listener: (state: CoreHealthState) => void): () => void;
  /** Runs one check now (also used by the poll loop). */
  check(): Promise<CoreHealthState>;
}

const MAX_HEALTH_BODY = 64 * 1024;

/** Polls CORE_HEALTH_URL (plain HTTP) and keeps the result in memory for Diagnostics and the banner. */
export function createCoreHealth(options: CoreHealthOptions): CoreHealth {
  const downIntervalMs = options.downIntervalMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? downIntervalMs;
  const listeners = new Set<(state: CoreHealthState) => void>();
  let current: CoreHealthState = { status: 'unknown', checkedAt: null };
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<CoreHealthState> | null = null;

  const set = (status: CoreHealthStatus, error?: string): void => {
    const previous = current.status;
    current = { status, checkedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    if (previous === status) return;
    const log = status === 'down' ? options.logger.warn.bind(options.logger) : options.logger.info.bind(options.logger);
    log({ from: previous, to: status, error }, `[core-health] Core is ${status}`);
    // The polling pace follows the status: fast while down, slow while up.
    schedule();
    for (const listener of listeners) listener(current);
  };

  function schedule(): void {
    clearTimeout(timer);
    if (!running) return;
    timer = setTimeout(() => void check().finally(schedule), current.status === 'ok' ? options.intervalMs : downIntervalMs);
    timer.unref();
  }

  const probe = async (): Promise<CoreHealthState> => {
    try {
      const response = await request(options.healthUrl, {
        method: 'GET',
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      let text = '';
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        text += chunk.toString('utf8');
        if (text.length > MAX_HEALTH_BODY) {
          response.body.destroy();
          break;
        }
      }
      const ok = response.statusCode === 200 && (JSON.parse(text) as { status?: unknown }).status === 'ok';
      set(ok ? 'ok' : 'down', ok ? undefined : `health answered ${response.statusCode}`);
    } catch (err) {
      set('down', (err as Error).message);
    }
    return current;
  };

  const check = (): Promise<CoreHealthState> => {
    inFlight ??= probe().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    start() {
      if (running) return;
      running = true;
      void check().finally(schedule);
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    state: () => current,
    markDown: (reason) => set('down', reason ?? 'a Core call failed'),
    markUp: () => set('ok'),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check,
  };
}
