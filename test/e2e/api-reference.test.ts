// The integrators' API reference: public, rendered from /api/openapi.json under the console's CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;

beforeAll(async () => {
  env = await startE2E('e2e-api-reference');
});
afterAll(async () => {
  await env?.stop();
});

describe('API reference page', () => {
  it('renders every operation of the document and the trigger example without signing in', async () => {
    const doc = (await env.srv.client().get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.keys(methods)).length;
    const { page, problems, context } = await env.newPage();
    await page.goto('/api-reference');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Message Center API' }).count()).toBe(1);
    expect(await page.locator('article.api-operation').count()).toBe(operations);
    await expect.poll(() => page.locator('#postV1CampaignsByExternalIdNumbers').textContent()).toContain('/api/v1/campaigns/{external_id}/numbers');
    expect(await page.locator('#trigger-example').textContent()).toContain('Authorization: Bearer');
    expect(problems).toEqual([]);
    await context.close();
  });
});
