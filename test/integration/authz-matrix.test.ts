// The authorization matrix, generated from the route table: every route × every kind of caller.
// A new route is in it automatically; its expectation follows from its declared `access` and, for
// workspace routes, from the permission table (`can`). Allowed callers send `{}` and an unknown id,
// so they get 400/404/409/422 (validation runs after permission) but never 401/403.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { can } from '../../src/domain/permissions.js';
import type { Member, Role } from '../../src/domain/roles.js';
import type { RouteDef } from '../../src/server/http/route.js';
import { ROUTES } from '../../src/server/routes.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeMember, makeWorkspace, randomObjectId } from './workspaces-fixtures.js';

const ACTORS = ['anonymous', 'author', 'author_moderator', 'moderator', 'admin', 'super_admin', 'other_admin'] as const;
type Actor = (typeof ACTORS)[number];

/** Routes that end the caller's session run after all others, so the cookies stay valid meanwhile. */
const SESSION_ENDING = new Set(['POST /api/auth/logout']);
/** Routes left out of the matrix, each with its reason. Keep empty unless a route cannot be called safely. */
const EXCLUDED: Record<string, string> = {};

/** The only routes anyone may call without signing in. */
const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'POST /api/auth/login',
  'GET /api/invitations/:token',
  'POST /api/invitations/:token/accept',
]);
/** Routes under `/api/w/:slug` that are not workspace-member routes, with the reason. */
const WORKSPACE_URL_EXCEPTIONS: Record<string, { kind: string; reason: string }> = {
  'POST /api/w/:slug/join-requests': { kind: 'user', reason: 'non-members ask to join' },
  'POST /api/w/:slug/archive': { kind: 'super_admin', reason: 'only a super admin archives workspaces' },
  'POST /api/w/:slug/restore': { kind: 'super_admin', reason: 'only a super admin restores workspaces' },
};

const WS = 'alpha';
/** Super-admin routes act on a workspace of their own, so archiving it does not hide `alpha` from the members. */
const SA_WS = 'sa-target';

let srv: TestServer;
const cookies = new Map<Actor, string | null>();
const members = new Map<Actor, Member>();

beforeAll(async () => {
  srv = await startTestServer({ LOGIN_RATE_PER_IP: '1000' }, 'authz');
  const alpha = await makeWorkspace(srv, WS);
  await makeWorkspace(srv, SA_WS);
  const beta = await makeWorkspace(srv, 'beta');
  const roles: [Actor, Role, boolean][] = [
    ['author', 'author', false],
    ['author_moderator', 'author', true],
    ['moderator', 'moderator', false],
    ['admin', 'admin', false],
  ];
  for (const [actor, role, isModerator] of roles) {
    const u = await makeMember(srv, alpha, `${actor}@alpha.test`, role, isModerator);
    cookies.set(actor, u.client.sessionCookie);
    members.set(actor, { userId: u.id, isSuperAdmin: false, membership: { role, isModerator } });
  }
  const other = await makeMember(srv, beta, 'admin@beta.test', 'admin');
  cookies.set('other_admin', other.client.sessionCookie);
  members.set('other_admin', { userId: other.id, isSuperAdmin: false, membership: null });
  const sa = srv.client();
  await sa.login(srv.superAdmin.email, srv.superAdmin.password);
  cookies.set('super_admin', sa.sessionCookie);
  members.set('super_admin', { userId: 'root', isSuperAdmin: true, membership: null });
  cookies.set('anonymous', null);
});
afterAll(async () => srv?.stop());

function pathFor(def: RouteDef): string {
  return def.url.replace(/:([a-z_]+)/g, (_m, name: string) => {
    if (name === 'slug') return def.access.kind === 'super_admin' ? SA_WS : WS;
    if (name === 'token') return randomBytes(32).toString('base64url');
    if (name === 'external_id') return randomUUID();
    return randomObjectId();
  });
}

interface Expectation {
  text: string;
  ok(status: number): boolean;
}
const exactly = (code: number): Expectation => ({ text: String(code), ok: (s) => s === code });
const not = (...codes: number[]): Expectation => ({ text: `not ${codes.join('/')}`, ok: (s) => !codes.includes(s) });
const ALLOWED = not(401, 403);

function expectationFor(def: RouteDef, actor: Actor): Expectation {
  const { access } = def;
  switch (access.kind) {
    case 'public':
      return not(401);
    case 'user':
      return actor === 'anonymous' ? exactly(401) : not(401);
    case 'super_admin':
      return actor === 'anonymous' ? exactly(401) : actor === 'super_admin' ? ALLOWED : exactly(403);
    case 'api_token':
      // Bearer routes never read cookies: a signed-in browser without a token is still 401.
      return exactly(401);
    case 'workspace': {
      if (actor === 'anonymous') return exactly(401);
      const decision = can(members.get(actor)!, access.capability, { adminDiagnosticsEnabled: false });
      if (decision.allowed) return ALLOWED;
      return exactly(decision.reason === 'not_member' ? 404 : 403);
    }
  }
}

async function call(def: RouteDef, actor: Actor): Promise<number> {
  const headers: Record<string, string> = { origin: 'http://localhost:3000' };
  const cookie = cookies.get(actor);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (def.method !== 'GET') {
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  const res = await fetch(srv.url + pathFor(def), { method: def.method, headers, body, signal: AbortSignal.timeout(10_000) });
  // An event stream never ends: its status is all this test needs.
  if (res.headers.get('content-type')?.includes('text/event-stream')) await res.body?.cancel();
  else await res.arrayBuffer();
  return res.status;
}

/** The access a route must declare, from its URL: a route cannot opt out of the matrix by declaring less. */
function declarationProblem(def: RouteDef): string | null {
  const key = `${def.method} ${def.url}`;
  const kind = def.access.kind;
  if (kind === 'public' !== PUBLIC_ROUTES.has(key)) return kind === 'public' ? 'public but not in PUBLIC_ROUTES' : 'in PUBLIC_ROUTES but not public';
  if (def.url.startsWith('/api/w/:slug')) {
    const exception = WORKSPACE_URL_EXCEPTIONS[key];
    if (exception ? kind !== exception.kind : kind !== 'workspace') return `under /api/w/:slug but declares ${kind}`;
  }
  if (def.url.startsWith('/api/admin/') && kind !== 'super_admin') return `under /api/admin but declares ${kind}`;
  if (def.url.startsWith('/api/v1/') && kind !== 'api_token') return `under /api/v1 but declares ${kind}`;
  if (kind === 'api_token' && !def.url.startsWith('/api/v1/')) return 'api_token outside /api/v1';
  return null;
}

it('every route declares the access its URL calls for', () => {
  const problems = ROUTES.map((d) => [`${d.method} ${d.url}`, declarationProblem(d)] as const).filter(([, p]) => p !== null);
  expect(problems).toEqual([]);
});

interface Row {
  route: string;
  access: string;
  actor: Actor;
  expected: string;
  got: number;
}

it('every route answers every kind of caller as its access rule and the permission table say', async () => {
  const key = (d: RouteDef) => `${d.method} ${d.url}`;
  const known = new Set(ROUTES.map(key));
  expect(Object.keys(EXCLUDED).filter((k) => !known.has(k)), 'stale exclusions').toEqual([]);
  const routes = ROUTES.filter((d) => !(key(d) in EXCLUDED));
  const ordered = [...routes.filter((d) => !SESSION_ENDING.has(key(d))), ...routes.filter((d) => SESSION_ENDING.has(key(d)))];

  const failures: Row[] = [];
  let checked = 0;
  for (const def of ordered) {
    const statuses = await Promise.all(ACTORS.map((actor) => call(def, actor)));
    ACTORS.forEach((actor, i) => {
      const expectation = expectationFor(def, actor);
      checked++;
      const access = def.access.kind === 'workspace' ? `workspace:${def.access.capability}` : def.access.kind;
      if (!expectation.ok(statuses[i]!)) failures.push({ route: key(def), access, actor, expected: expectation.text, got: statuses[i]! });
    });
  }
  if (failures.length) {
    const table = failures.map((f) => `${f.route.padEnd(58)} ${f.access.padEnd(34)} ${f.actor.padEnd(17)} expected ${f.expected.padEnd(12)} got ${f.got}`).join('\n');
    console.error(`authorization matrix: ${failures.length} of ${checked} cells wrong\n${table}`);
  }
  expect(failures).toEqual([]);
  expect(checked).toBe(routes.length * ACTORS.length);
});
