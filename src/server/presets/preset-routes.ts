import { presetsAnswer, proxyOptionsAnswer, saddrPresetsAnswer, sendingOptionsAnswer } from '../../contract/campaigns.js';
import { z } from 'zod';
import type { FieldProblem } from '../../domain/error-catalogue.js';
import { badRequest } from '../http/errors.js';
import { route } from '../http/route.js';
import { presetsBody, readPresets, writePresets } from './preset-store.js';
import { offeredEsmes, offeredStrategies } from './sending-options.js';

const workspaceParams = z.strictObject({ slug: z.string().max(40) });
const sendingOptionsQuery = z.strictObject({ esme: z.string().max(64).optional() });

export const presetRoutes = [
  route({
    method: 'GET',
    url: '/api/admin/presets',
    summary: 'Global presets: ESMEs with rate limits and strategies, saddr presets (super admin)',
    access: { kind: 'super_admin' },
    responses: { 200: presetsAnswer },
    handler: async ({ app }) => ({ presets: await readPresets(app.db) }),
  }),
  route({
    method: 'PUT',
    url: '/api/admin/presets',
    summary: 'Replace the global presets (super admin)',
    access: { kind: 'super_admin' },
    responses: { 200: presetsAnswer },
    audit: 'presets.updated',
    body: presetsBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      if (body.esmes !== null) {
        // A preset may only narrow what the Proxy has: every named ESME and strategy must exist there.
        const known = await app.core.proxy.listEsmes(ctx.requestId);
        const problems: FieldProblem[] = [];
        for (const [i, preset] of body.esmes.entries()) {
          const esme = known.find((e) => e.id === preset.id);
          if (!esme) {
            problems.push({ path: `body.esmes.${i}.id`, reason: 'not an ESME of the Proxy', rule: 'not_offered' });
            continue;
          }
          // A preset may only lower the Proxy's rate: a higher one is refused, naming the ceiling.
          if (preset.rate_limit_per_sec !== null && preset.rate_limit_per_sec > esme.rate_limit_per_sec)
            problems.push({ path: `body.esmes.${i}.rate_limit_per_sec`, reason: `above the Proxy's ${esme.rate_limit_per_sec}/s`, rule: 'too_large', limit: esme.rate_limit_per_sec });
          if (preset.strategies === null) continue;
          const strategies = await app.core.proxy.listStrategies(preset.id, ctx.requestId);
          for (const [j, id] of preset.strategies.entries())
            if (!strategies.some((s) => s.id === id)) problems.push({ path: `body.esmes.${i}.strategies.${j}`, reason: 'not a strategy of this ESME', rule: 'not_offered' });
        }
        if (problems.length) throw badRequest(problems);
      }
      const before = await readPresets(app.db);
      await writePresets(app.db, body, ctx.user._id.toHexString());
      app.core.proxy.invalidateCache();
      await ctx.audit({
        workspaceId: null,
        resource: { type: 'presets', id: 'global' },
        before: { esmes: before.esmes, saddrs: before.saddrs },
        after: { esmes: body.esmes, saddrs: body.saddrs },
      });
      return { presets: await readPresets(app.db) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/admin/proxy-options',
    summary: "Everything the Proxy has, unnarrowed by presets: ESMEs with their rate limits and strategies (super admin, for the presets form)",
    access: { kind: 'super_admin' },
    responses: { 200: proxyOptionsAnswer },
    handler: async ({ app, requestId }) => {
      const esmes = await app.core.proxy.listEsmes(requestId);
      const withStrategies = await Promise.all(
        esmes.map(async (e) => ({
          id: e.id,
          name: e.name,
          enabled: e.enabled,
          rate_limit_per_sec: e.rate_limit_per_sec,
          strategies: (await app.core.proxy.listStrategies(e.id, requestId)).map((s) => ({ id: s.id, name: s.name })),
        })),
      );
      return { esmes: withStrategies };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/saddr-presets',
    summary: 'Sender addresses the sender form offers (the global saddr presets)',
    access: { kind: 'workspace', capability: 'sender.propose_revision' },
    responses: { 200: saddrPresetsAnswer },
    params: workspaceParams,
    handler: async ({ app }) => ({ saddrs: (await readPresets(app.db)).saddrs }),
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/sending-options',
    summary: 'ESMEs (and, with ?esme=, its strategies) the campaign wizard offers',
    access: { kind: 'workspace', capability: 'campaign.create' },
    responses: { 200: sendingOptionsAnswer },
    params: workspaceParams,
    query: sendingOptionsQuery,
    handler: async ({ app, query, requestId }) => {
      const esmes = await offeredEsmes(app, requestId);
      if (query.esme === undefined) return { esmes, strategies: null };
      const strategies = await offeredStrategies(app, query.esme, requestId);
      if (strategies === null) throw badRequest([{ path: 'query.esme', reason: 'not an offered ESME', rule: 'not_offered' }]);
      return { esmes, strategies };
    },
  }),
];
