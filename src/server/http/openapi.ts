import { z } from 'zod';
import type { RouteDef } from './route.js';

const toSchema = (s: z.ZodType | undefined) => (s ? z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) : undefined);

/** OpenAPI 3.1 generated from the same zod schemas the routes validate with (api.md). */
export function openApiDocument(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = toSchema(r.params) as { properties?: Record<string, unknown> } | undefined;
    const query = toSchema(r.query) as { properties?: Record<string, unknown> } | undefined;
    (paths[p] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      'x-access': r.access,
      parameters: [
        ...Object.entries(params?.properties ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
        ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', schema })),
      ],
      ...(r.body && !r.rawBody ? { requestBody: { content: { 'application/json': { schema: toSchema(r.body) } } } } : {}),
      responses: { default: { description: 'See api.md; errors use the error envelope.', ...(r.response ? { content: { 'application/json': { schema: toSchema(r.response) } } } : {}) } },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Message Center API', version: '1' }, paths };
}
