import { presetsAnswer, sendingOptionsAnswer } from '../../contract/campaigns.js';
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
          if (!known.some((e) => e.id === preset.id)) {
            problems.push({ path: `body.esmes.${i}.id`, reason: 'not an ESME of the Proxy', rule: 'not_offered' });
            continue;
          }
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
