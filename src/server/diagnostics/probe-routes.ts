import { liveAnswer, readinessAnswer } from '../../contract/operations.js';
import { route } from '../http/route.js';
import { EXPECTED_SCHEMA_VERSION } from '../migrations/steps.js';

/** Liveness and readiness (operations.md §5): ready once the database was reached with a current schema. */
export const probeRoutes = [
  route({
    method: 'GET',
    url: '/healthz',
    summary: 'The process is alive',
    access: { kind: 'public' },
    responses: { 200: liveAnswer },
    handler: async () => ({ status: 'ok' }),
  }),
  route({
    method: 'GET',
    url: '/readyz',
    summary: 'Ready to serve: database reached once, schema current',
    access: { kind: 'public' },
    responses: { 200: readinessAnswer, 503: readinessAnswer },
    handler: async ({ app, status }) => {
      const s = app.dbState;
      if (!s.ready) status(503);
      return {
        status: s.ready ? 'ready' : 'starting',
        // A code only: /readyz is public, the driver's text (host names) is in the log.
        database: s.lastReason ? { status: 'unreachable', reason: s.lastReason } : { status: 'ok' },
        schemaVersion: s.schemaVersion,
        expectedSchemaVersion: EXPECTED_SCHEMA_VERSION,
      };
    },
  }),
];
