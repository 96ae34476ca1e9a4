import { createServer, type Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { z } from 'zod';
import { faultsSchema } from './faults.js';
import { answer, readJson, sendJson } from './http-io.js';
import { SimHttpError } from './jobs.js';
import { resetSimState, type SimState } from './state.js';
import { setClientCertRejection, type ServerTlsMaterial } from './tls-material.js';

const clockSchema = z.strictObject({ timeScale: z.number().positive().optional(), advanceMs: z.number().min(0).optional() });
const failSchema = z.object({ error: z.string().min(1).default('simulated job failure') });

export interface ControlTargets {
  core: HttpsServer;
  proxy: HttpsServer;
  health: Server;
  tls: ServerTlsMaterial;
}

/** Plain-HTTP control port for tests; main.ts binds it to 127.0.0.1 only. */
export function createControlServer(state: SimState, targets: ControlTargets): Server {
  const applyFaults = (input: z.infer<typeof faultsSchema>): void => {
    const { expireProxyTokens, ...switches } = input;
    const wasDown = state.faults.down;
    const wasRejecting = state.faults.rejectClientCert;
    state.faults = { ...state.faults, ...switches };
    if (expireProxyTokens) for (const token of state.proxyTokens.values()) token.expiresAt = 0;
    if (state.faults.down && !wasDown) {
      targets.core.closeAllConnections();
      targets.health.closeAllConnections();
    }
    if (!state.faults.holdUploads) for (const release of state.heldUploads.splice(0)) release();
    if (state.faults.rejectClientCert !== wasRejecting) {
      for (const server of [targets.core, targets.proxy]) {
        setClientCertRejection(server, targets.tls, state.faults.rejectClientCert);
        // Open keep-alive sockets were accepted under the old rule; make clients handshake again.
        server.closeIdleConnections();
      }
    }
  };

  return createServer((req, res) => {
    void answer(res, async () => {
      const url = new URL(req.url ?? '/', 'http://control.invalid');
      const route = `${req.method} ${url.pathname}`;
      const jobPath = /^\/jobs\/([^/]+)(\/fail)?$/.exec(url.pathname);
      if (route === 'GET /state') {
        return sendJson(res, 200, {
          clock: { now: new Date(state.clock.now()).toISOString(), timeScale: state.clock.timeScale() },
          settings: { sendRate: state.jobs.settings.sendRate, failureShare: state.jobs.settings.failureShare },
          faults: state.faults,
          lastClientCert: state.lastClientCert,
          counters: state.counters,
          jobs: state.jobs.all().length,
          proxyTokens: state.proxyTokens.size,
        });
      }
      if (route === 'POST /faults') {
        applyFaults(await readJson(req, faultsSchema));
        return sendJson(res, 200, state.faults);
      }
      if (route === 'POST /clock') {
        const { timeScale, advanceMs } = await readJson(req, clockSchema);
        if (timeScale !== undefined) state.clock.setTimeScale(timeScale);
        if (advanceMs !== undefined) state.clock.advance(advanceMs);
        state.jobs.tick();
        return sendJson(res, 200, { now: new Date(state.clock.now()).toISOString(), timeScale: state.clock.timeScale() });
      }
      if (route === 'POST /reset') {
        applyFaults({ down: false, rejectClientCert: false });
        resetSimState(state);
        return sendJson(res, 200, { reset: true });
      }
      if (route === 'GET /jobs') {
        state.jobs.tick();
        return sendJson(res, 200, state.jobs.all().map((job) => state.jobs.debugView(job)));
      }
      if (jobPath && req.method === 'GET' && !jobPath[2]) {
        return sendJson(res, 200, state.jobs.debugView(state.jobs.get(jobPath[1] ?? '')));
      }
      if (jobPath && req.method === 'DELETE' && !jobPath[2]) {
        // Core forgets the job (its data lost, the job purged): Core's API answers 404 for it from now on.
        state.jobs.delete(jobPath[1] ?? '');
        return sendJson(res, 200, { forgotten: jobPath[1] });
      }
      if (jobPath && req.method === 'POST' && jobPath[2]) {
        const { error } = await readJson(req, failSchema);
        return sendJson(res, 200, state.jobs.debugView(state.jobs.fail(jobPath[1] ?? '', error)));
      }
      throw new SimHttpError(404, `no control route ${route}`);
    });
  });
}
