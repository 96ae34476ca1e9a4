// Every integration and e2e test checks each answer of the server against its route's declared responses
// (src/server/http/response-check.ts, on when NODE_ENV=test): a drift fails the test that caused it
// (or, for an answer given in a beforeAll/afterAll hook, the file).
import { afterAll, afterEach } from 'vitest';
import { onResponseDrift, type ResponseDrift } from '../../src/server/http/response-check.js';

const drifts: ResponseDrift[] = [];
onResponseDrift((d) => drifts.push(d));

function failOnDrift(): void {
  if (drifts.length === 0) return;
  const lines = [...new Set(drifts.splice(0).map((d) => `${d.route} → ${d.status}: ${d.problem}`))];
  throw new Error(`The server answered outside its declared API contract (src/contract):\n${lines.join('\n')}`);
}

afterEach(failOnDrift);
afterAll(failOnDrift);
