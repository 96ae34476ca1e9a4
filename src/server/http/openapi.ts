import { z } from 'zod';
import { campaignSchema, coreHealthSchema, degradedCampaignSchema, messageSchema, progressSchema, recipientsSummarySchema, uploadStatusSchema } from '../../contract/campaigns.js';
import { errorEnvelopeSchema } from '../../contract/error-envelope.js';
import { auditEventSchema, recoveryCheckSchema } from '../../contract/operations.js';
import { senderRevisionSchema, senderSchema } from '../../contract/senders.js';
import { myWorkspaceSchema, userSchema, workspaceSchema } from '../../contract/users.js';
import { apiTokenSchema, invitationSchema, joinRequestSchema, memberSchema } from '../../contract/workspaces.js';
import { SESSION_COOKIE } from './guards.js';
import { isJsonBody, type ResponseBody } from './responses.js';
import type { RouteDef } from './route.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const conversion = {
  unrepresentable: 'any',
  target: 'draft-2020-12',
  // `format: date-time` says it; zod's 600-character pattern for it would be most of the document.
  // `int()`'s safe-integer bounds say nothing to a reader either.
  override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
    if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  },
} as const;

/** A schema placed inside the document: no dialect of its own, no `$id` (refs resolve against the document). */
const withoutDialect = ({ $schema: _dialect, $id: _id, ...schema }: Record<string, unknown>): JsonSchema => schema;

/** Request parts: inline, as the server validates them (defaults make fields optional). */
const toSchema = (s: z.ZodType): JsonSchema => withoutDialect(z.toJSONSchema(s, { ...conversion, io: 'input' }) as Record<string, unknown>);

/** The resources integrators meet in many answers: named components, referenced from each answer. */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  User: userSchema,
  Workspace: workspaceSchema,
  MyWorkspace: myWorkspaceSchema,
  Member: memberSchema,
  Invitation: invitationSchema,
  JoinRequest: joinRequestSchema,
  ApiToken: apiTokenSchema,
  Sender: senderSchema,
  SenderRevision: senderRevisionSchema,
  Campaign: campaignSchema,
  DegradedCampaign: degradedCampaignSchema,
  Progress: progressSchema,
  RecipientsSummary: recipientsSummarySchema,
  UploadStatus: uploadStatusSchema,
  CoreHealth: coreHealthSchema,
  Message: messageSchema,
  AuditEvent: auditEventSchema,
  RecoveryCheck: recoveryCheckSchema,
  ErrorEnvelope: errorEnvelopeSchema,
};

/** Every answer schema of the routes, converted together so the named resources become `$ref`s. */
function answerSchemas(routes: RouteDef[]): { components: Record<string, JsonSchema>; answerOf(s: z.ZodType): JsonSchema } {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) registry.add(schema, { id });
  const answers = new Map<z.ZodType, string>();
  for (const body of routes.flatMap((r) => Object.values(r.responses))) {
    if (!isJsonBody(body) || registry.has(body) || answers.has(body)) continue;
    const id = `answer${answers.size}`;
    answers.set(body, id);
    registry.add(body, { id });
  }
  const { schemas } = z.toJSONSchema(registry, { ...conversion, io: 'output', uri: (id) => `#/components/schemas/${id}` });
  const converted = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as Record<string, unknown>)]));
  return {
    components: Object.fromEntries(Object.keys(NAMED_SCHEMAS).map((id) => [id, converted[id]!])),
    answerOf: (s) => {
      const named = Object.entries(NAMED_SCHEMAS).find(([, schema]) => schema === s)?.[0];
      return named ? { $ref: `#/components/schemas/${named}` } : converted[answers.get(s)!]!;
    },
  };
}

/** The error statuses an operation may answer, each with the codes the catalogue gives it. */
const ERRORS = {
  400: ['BadRequest', 'The request is not valid: `validation_failed` (details: one `{path, reason}` per field), `binary_file`.'],
  401: ['Unauthenticated', 'Not signed in or no valid token: `unauthenticated`, `invalid_credentials`, `account_locked`, `sign_in_required`.'],
  403: ['Forbidden', 'Not allowed: `forbidden`, `password_change_required`, `wrong_password`, `own_role`, `super_admin_target`, `invitation_email_mismatch`.'],
  404: ['NotFound', 'No such resource in this workspace (also what non-members get): `not_found`.'],
  409: ['Conflict', 'Someone else changed it meanwhile, or it already exists: `conflict`, `already_member`, `invitation_pending`, `join_request_pending`.'],
  413: ['PayloadTooLarge', 'The body is too large: `payload_too_large`.'],
  415: ['UnsupportedMediaType', 'This content type is not accepted here: `unsupported_media_type`.'],
  422: ['InvalidState', 'Not possible in the current state: `invalid_state`, `last_admin`, `text_too_long`.'],
  429: ['RateLimited', 'Too many requests: `rate_limited` (details: `retry_after` seconds; also the Retry-After header).'],
  500: ['InternalError', 'A bug; the error was logged with the request id: `internal_error`.'],
  503: ['Unavailable', 'A dependency is down: `database_unavailable`, `core_unavailable`, `audit_unavailable`.'],
} as const;
type ErrorStatus = keyof typeof ERRORS;

const PAGING: Record<string, string> = {
  limit: 'Page size (1–200).',
  cursor: 'The `next_cursor` of the previous page; omit for the first page.',
};

const UPLOAD_TYPES = ['text/plain', 'text/csv', 'application/octet-stream'];

/** `GET /api/w/:slug/campaigns/:external_id` → `getWorkspaceCampaignsByExternalId`: stable and unique per route. */
export function operationIdOf(r: RouteDef): string {
  const camel = (s: string) => s.replace(/[-_.]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const words = r.url
    .replace(/^\/api\//, '/')
    .replace(/^\/w\/:slug/, '/workspace')
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `By${cap(camel(seg.slice(1)))}` : cap(camel(seg))));
  return r.method.toLowerCase() + words.join('');
}

function securityOf(r: RouteDef): Array<Record<string, string[]>> {
  if (r.url === '/metrics') return [{ metricsToken: [] }, {}];
  if (r.access.kind === 'public') return [];
  if (r.access.kind === 'api_token') return [{ workspaceApiToken: [] }];
  return [{ session: [] }];
}

function accessNote(r: RouteDef): string {
  switch (r.access.kind) {
    case 'public':
      return 'Public.';
    case 'api_token':
      return 'Workspace API token (`Authorization: Bearer mct_…`) with scope `trigger:send`.';
    case 'super_admin':
      return 'Super admin.';
    case 'user':
      return 'Any signed-in user.';
    case 'workspace':
      return `Workspace member with capability \`${r.access.capability}\` (non-members get 404).`;
  }
}

function parametersOf(r: RouteDef) {
  const path = r.params ? toSchema(r.params) : undefined;
  const query = r.query ? toSchema(r.query) : undefined;
  const fromUrl = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  return [
    ...fromUrl.map((name) => ({ name, in: 'path', required: true, schema: path?.properties?.[name] ?? { type: 'string' } })),
    ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      ...(PAGING[name] ? { description: PAGING[name] } : {}),
      schema,
    })),
  ];
}

function requestBodyOf(r: RouteDef) {
  if (r.rawBody) {
    const file = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };
    return { required: true, description: 'The file itself, streamed; `X-File-Name` names it for display.', content: Object.fromEntries(UPLOAD_TYPES.map((t) => [t, file])) };
  }
  if (!r.body) return undefined;
  return { required: true, content: { 'application/json': { schema: toSchema(r.body) } } };
}

function successOf(status: number, body: ResponseBody, answerOf: (s: z.ZodType) => JsonSchema) {
  const description = status === 204 ? 'Done; no body.' : status === 201 ? 'Created.' : status === 202 ? 'Accepted.' : 'OK.';
  if (body === null) return { description };
  if (isJsonBody(body)) return { description, content: { 'application/json': { schema: answerOf(body) } } };
  return { description: body.description, content: { [body.contentType]: { schema: { type: 'string' } } } };
}

/** The error statuses that apply to a route, from what it declares. */
function errorStatusesOf(r: RouteDef): ErrorStatus[] {
  const out: ErrorStatus[] = [];
  if (r.params || r.query || r.body || r.rawBody) out.push(400);
  if (r.access.kind !== 'public' || r.url === '/metrics') out.push(401);
  if (r.access.kind !== 'public') out.push(403);
  if (r.params) out.push(404);
  if (r.method !== 'GET') out.push(409, 422);
  if (r.rawBody) out.push(413, 415);
  if (r.rateLimit || r.access.kind === 'api_token') out.push(429);
  out.push(500, 503);
  return out.filter((s) => r.responses[s] === undefined);
}

/** OpenAPI 3.1 generated from the route table and the zod schemas the routes validate and answer with. */
export function openApiDocument(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const { components, answerOf } = answerSchemas(routes);
  for (const r of routes) {
    const requestBody = requestBodyOf(r);
    (paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')] ??= {})[r.method.toLowerCase()] = {
      operationId: operationIdOf(r),
      summary: r.summary,
      description: accessNote(r),
      tags: [r.tag ?? 'Other'],
      security: securityOf(r),
      'x-access': r.access,
      parameters: parametersOf(r),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        ...Object.fromEntries(Object.entries(r.responses).map(([status, body]) => [status, successOf(Number(status), body ?? null, answerOf)])),
        ...Object.fromEntries(errorStatusesOf(r).map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s][0]}` }])),
      },
    };
  }
  const tags = [...new Set(routes.map((r) => r.tag ?? 'Other'))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Message Center API',
      version: '1',
      description:
        'Every route of Message Center. JSON in snake_case; lists page as `{items, next_cursor}`; every error is the envelope `{error: {code, message, details?, request_id}}`. The console signs in with a session cookie; the trigger API takes a workspace API token as Bearer.',
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by `POST /api/auth/login`. State-changing requests must carry this site as Origin.' },
        workspaceApiToken: { type: 'http', scheme: 'bearer', bearerFormat: 'mct_…', description: "A workspace's API token (Settings → API tokens), shown once at creation." },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the operator set one.' },
      },
      schemas: components,
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [name, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } }]),
      ),
    },
  };
}
