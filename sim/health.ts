import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { answer, sendJson } from './http-io.js';
import { SimHttpError } from './jobs.js';
import type { SimState } from './state.js';

/** Plain-HTTP health endpoint; it fails whenever the Core API is faulted, as a real outage would. */
export function createHealthServer(state: SimState): Server {
  const server = createServer((req, res) => {
    void answer(res, async () => {
      if (state.faults.down) {
        req.socket.destroy();
        return;
      }
      if (req.method !== 'GET' || req.url !== '/health') throw new SimHttpError(404, 'not found');
      if (state.faults.slowMs > 0) await delay(state.faults.slowMs);
      if (state.faults.error5xx) throw new SimHttpError(503, 'simulated Core failure');
      sendJson(res, 200, { status: 'ok' });
    });
  });
  server.on('connection', (socket) => {
    if (state.faults.down) socket.destroy();
  });
  return server;
}
