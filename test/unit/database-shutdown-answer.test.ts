import { MongoClient, MongoServerError } from 'mongodb';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/app-context.js';
import { route } from '../../src/server/http/route.js';
import { createAppMetrics } from '../../src/server/metrics/app-metrics.js';
import { REQUEST_GUARDS } from '../../src/server/request-guards.js';
import { testConfig } from '../support/config.js';

// The answers a database gives to an operation its shutdown cut short, as the driver raises them.
const interruptedAtShutdown = new MongoServerError({ ok: 0, code: 91, codeName: 'InterruptedAtShutdown', errmsg: 'interrupted at shutdown' });
const ferretDbCanceled = new MongoServerError({ ok: 0, code: 1, codeName: 'InternalError', errmsg: '[msg_find.go:120 handler.(*Handler).MsgFind] context canceled' });
const queryError = new MongoServerError({ ok: 0, code: 2, codeName: 'BadValue', errmsg: 'unknown operator: $nope' });

// Nothing connects: the one route below throws before it would reach the database.
const client = new MongoClient('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 1 });
afterAll(() => client.close());

/** The server's whole HTTP chain (hooks, route chain, error handler) around a public route that throws `err`. */
async function serverThrowing(err: Error) {
  const config = testConfig({});
  // Only what buildApp and a public route without a rate limit read; the features' services stay out.
  const app = { config, db: client.db('unused'), logger: pino({ level: 'silent' }), metrics: createAppMetrics(), limiters: new Map() } as unknown as AppContext;
  const failing = route({
    method: 'GET',
    url: '/api/failing',
    summary: 'Throws what the database said',
    access: { kind: 'public' },
    responses: { 200: null },
    handler: async () => {
      throw err;
    },
  });
  return buildApp(app, [failing], REQUEST_GUARDS);
}

describe('the error handler and a database that shuts down', () => {
  it.each([
    ['MongoDB\'s InterruptedAtShutdown (91)', interruptedAtShutdown],
    ['the dev database\'s InternalError (1) "context canceled"', ferretDbCanceled],
  ])('answers %s with 503 database_unavailable', async (_name, err) => {
    const server = await serverThrowing(err);
    const res = await server.inject({ method: 'GET', url: '/api/failing' });
    await server.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'database_unavailable' } });
  });

  it('still answers 500 to a query the database refused', async () => {
    const server = await serverThrowing(queryError);
    const res = await server.inject({ method: 'GET', url: '/api/failing' });
    await server.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'internal_error' } });
  });
});
