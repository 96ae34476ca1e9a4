// The API contract as integrators see it: the OpenAPI document at /api/openapi.json is valid
// OpenAPI 3.1, covers every route of the table with its answers, and a client driven by it (typed by
// the shared schemas) walks the trigger-API journey of the reference page.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignAnswer, campaignDetailAnswer, triggerAcceptedAnswer } from '../../src/contract/campaigns.js';
import { meAnswer, userAnswer } from '../../src/contract/users.js';
import { createdApiTokenAnswer } from '../../src/contract/workspaces.js';
import { isJsonBody } from '../../src/server/http/responses.js';
import { operationIdOf } from '../../src/server/http/openapi.js';
import { ROUTES } from '../../src/server/routes.js';
import { ApiClient } from '../support/http-client.js';
import { TypedClient, type OpenApiDocument } from '../support/typed-client.js';
import { campaignBody, futureBase, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';

let env: CampaignEnv;
let doc: OpenApiDocument & { openapi: string; paths: Record<string, Record<string, any>> };

beforeAll(async () => {
  env = await startCampaignEnv('contract', { sendRate: 1000 });
  const r = await env.srv.client().get('/api/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
});
afterAll(async () => env?.stop());

const pathOf = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every route of the table, each with a unique operationId, a tag, its security and every declared answer', () => {
    const ids = new Set<string>();
    const missing: string[] = [];
    for (const r of ROUTES) {
      const op = doc.paths[pathOf(r.url)]?.[r.method.toLowerCase()];
      if (!op) {
        missing.push(`${r.method} ${r.url}`);
        continue;
      }
      expect(op.operationId).toBe(operationIdOf(r));
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      expect(op.tags?.[0], op.operationId).toBeTruthy();
      expect(Array.isArray(op.security), op.operationId).toBe(true);
      const declared = Object.entries(r.responses);
      expect(declared.length, `${op.operationId} declares no answer`).toBeGreaterThan(0);
      for (const [status, body = null] of declared) {
        const answer = op.responses[status];
        expect(answer, `${op.operationId} ${status}`).toBeDefined();
        if (body === null) expect(answer.content).toBeUndefined();
        else if (isJsonBody(body)) expect(answer.content['application/json'].schema.type, `${op.operationId} ${status}`).toBe('object');
        else expect(Object.keys(answer.content)).toEqual([body.contentType]);
      }
      // Errors answer with the envelope.
      expect(op.responses['500'].$ref).toBe('#/components/responses/InternalError');
    }
    expect(missing).toEqual([]);
    expect(ids.size).toBe(ROUTES.length);
    expect(Object.values(doc.paths).flatMap((m) => Object.keys(m)).length).toBe(ROUTES.length);
  });

  it('names the security schemes, the error envelope with its codes, the paging parameters and the resources', () => {
    const any = doc as any;
    expect(Object.keys(any.components.securitySchemes).sort()).toEqual(['metricsToken', 'session', 'workspaceApiToken']);
    expect(any.components.securitySchemes.workspaceApiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(any.paths['/api/v1/campaigns/{external_id}/numbers'].post.security).toEqual([{ workspaceApiToken: [] }]);
    expect(any.paths['/api/me'].get.security).toEqual([{ session: [] }]);
    expect(any.components.schemas.ErrorEnvelope.properties.error.required).toEqual(['code', 'message', 'request_id']);
    expect(any.components.responses.BadRequest.description).toContain('validation_failed');
    const list = any.paths['/api/w/{slug}/campaigns'].get;
    const limit = list.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { maximum: 200 } });
    expect(list.parameters.find((p: { name: string }) => p.name === 'cursor')).toMatchObject({ in: 'query' });
    expect(list.parameters.find((p: { name: string }) => p.name === 'slug')).toMatchObject({ in: 'path', required: true });
    // The resources are named once and referenced from the answers.
    expect(list.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Campaign' });
    expect(any.components.schemas.Campaign.required).toContain('external_id');
  });
});

describe('a client typed by the document and the shared schemas', () => {
  it('signs in, creates a Trigger campaign, gets it approved and pushes a number with a workspace API token', async () => {
    const slug = env.ws.slug;
    const as = (http: ApiClient) => new TypedClient(doc, http);
    const admin = as(env.admin.client);

    const me = await admin.call('getMe', meAnswer, 200);
    expect(me.workspaces.map((w) => w.slug)).toContain(slug);

    const fresh = new ApiClient(env.srv.url);
    const signedIn = await as(fresh).call('postAuthLogin', userAnswer, 200, { body: { email: env.srv.superAdmin.email, password: env.srv.superAdmin.password } });
    expect(signedIn.user.is_super_admin).toBe(true);

    const { token } = await admin.call('postWorkspaceApiTokens', createdApiTokenAnswer, 201, { path: { slug }, body: { name: 'integration' } });
    expect(token).toMatch(/^mct_/);

    const base = await futureBase(env);
    const body = campaignBody(env, { mode: 'Trigger', text: 'Your code is {{code}}', sms_limit: 1, end_at: new Date(base + 3_600_000).toISOString() });
    const { campaign } = await as(env.author.client).call('postWorkspaceCampaigns', campaignAnswer, 201, { path: { slug }, body });
    const ids = { slug, external_id: campaign.external_id };
    await as(env.author.client).call('postWorkspaceCampaignsByExternalIdSubmit', campaignAnswer, 200, { path: ids });
    await as(env.moderator.client).call('postWorkspaceCampaignsByExternalIdApprove', campaignAnswer, 200, { path: ids });
    // Core starts the approved job on its own: poll the detail until it is Sending.
    const until = Date.now() + 30_000;
    while ((await admin.call('getWorkspaceCampaignsByExternalId', campaignDetailAnswer, 200, { path: ids })).campaign.status !== 'Sending') {
      expect(Date.now() < until, 'the campaign did not reach Sending').toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const integrator = as(new ApiClient(env.srv.url));
    const accepted = await integrator.call('postV1CampaignsByExternalIdNumbers', triggerAcceptedAnswer, 202, {
      path: { external_id: campaign.external_id },
      body: { number: '+998 90 123 45 67', vars: { code: '4711' } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(accepted.accepted).toBe(true);
  });
});
