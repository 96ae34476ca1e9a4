// An autocannon run that also keeps every response time, for percentiles autocannon does not report (p95).
import autocannon from 'autocannon';
import { percentile } from './measure.js';

export interface LoadResult {
  requestsPerSecond: number;
  p95Ms: number;
  p99Ms: number;
  total: number;
  failures: number;
}

export function load(url: string, opts: { connections: number; durationS: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: opts.connections, duration: opts.durationS, headers: opts.headers ?? {}, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({
        requestsPerSecond: result.requests.total / result.duration,
        p95Ms: percentile(times, 95),
        p99Ms: percentile(times, 99),
        total: result.requests.total,
        failures: result.errors + result.timeouts + result.non2xx,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => void times.push(responseTime));
  });
}
