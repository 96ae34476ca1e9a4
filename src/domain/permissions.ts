// The permission matrix of product.md §1 as one table of data, and the one function that reads it.
import type { Member } from './roles.js';

export const CAPABILITIES = [
  'workspace.view',
  'campaign.create',
  'campaign.edit',
  'campaign.submit',
  'campaign.control',
  'campaign.archive',
  'campaign.view_audit',
  'campaign.moderate',
  'campaign.delete',
  'sender.manage',
  'sender.propose_revision',
  'sender.moderate_revision',
  'workspace.admin',
  'workspace.audit',
  'diagnostics.view',
  'platform.admin',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The matrix's columns: a super admin is a column of its own, whatever their membership. */
export const ACTOR_COLUMNS = ['author', 'author_moderator', 'moderator', 'admin', 'super_admin'] as const;
export type ActorColumn = (typeof ACTOR_COLUMNS)[number];

/**
 * `own`: only on items the actor created; `not_own`: only on items someone else created (four eyes);
 * `if_diagnostics_enabled`: only when ADMIN_DIAGNOSTICS_ENABLED=true.
 */
export type PermissionRule = 'allow' | 'deny' | 'own' | 'not_own' | 'if_diagnostics_enabled';
export type OwnershipRule = Extract<PermissionRule, 'own' | 'not_own'>;

type Row = Readonly<Record<ActorColumn, PermissionRule>>;
const row = (author: PermissionRule, authorModerator: PermissionRule, moderator: PermissionRule, admin: PermissionRule, superAdmin: PermissionRule): Row =>
  ({ author, author_moderator: authorModerator, moderator, admin, super_admin: superAdmin });

// Columns:                                      author     author+flag  moderator  admin                     super admin
export const PERMISSION_MATRIX: Readonly<Record<Capability, Row>> = {
  'workspace.view':           row('allow',   'allow',   'allow',   'allow',                  'allow'),
  'campaign.create':          row('allow',   'allow',   'deny',    'allow',                  'allow'),
  'campaign.edit':            row('own',     'own',     'deny',    'allow',                  'allow'),
  'campaign.submit':          row('allow',   'allow',   'deny',    'allow',                  'allow'),
  'campaign.control':         row('own',     'own',     'deny',    'allow',                  'allow'),
  'campaign.archive':         row('own',     'own',     'deny',    'allow',                  'allow'),
  'campaign.view_audit':      row('allow',   'allow',   'allow',   'allow',                  'allow'),
  'campaign.moderate':        row('deny',    'not_own', 'not_own', 'not_own',                'allow'),
  'campaign.delete':          row('deny',    'deny',    'deny',    'deny',                   'allow'),
  'sender.manage':            row('deny',    'deny',    'deny',    'allow',                  'allow'),
  'sender.propose_revision':  row('allow',   'allow',   'allow',   'allow',                  'allow'),
  'sender.moderate_revision': row('deny',    'not_own', 'not_own', 'not_own',                'allow'),
  'workspace.admin':          row('deny',    'deny',    'deny',    'allow',                  'allow'),
  'workspace.audit':          row('deny',    'deny',    'deny',    'allow',                  'allow'),
  'diagnostics.view':         row('deny',    'deny',    'deny',    'if_diagnostics_enabled', 'allow'),
  'platform.admin':           row('deny',    'deny',    'deny',    'deny',                   'allow'),
};

/**
 * Capabilities that are not about one workspace: a non-member is refused with `forbidden`, not `not_member`.
 * For `diagnostics.view` the route passes the user's strongest membership (admin anywhere counts).
 */
const PLATFORM_CAPABILITIES: ReadonlySet<Capability> = new Set(['diagnostics.view', 'platform.admin']);

/** `not_member` → 404 (tenants cannot probe each other); the others → 403. */
export type AccessRefusal = 'not_member' | 'forbidden' | 'own_item' | 'not_owner';

/** The role-level answer: `pendingOwnership` says which ownership rule is still to be checked on the loaded item. */
export type AccessDecision =
  | { allowed: true; pendingOwnership: OwnershipRule | null }
  | { allowed: false; reason: AccessRefusal };

/** The complete answer for one item. */
export type ResourceDecision = { allowed: true } | { allowed: false; reason: AccessRefusal };

export interface AccessContext {
  /** `created_by` of the item acted on; when given, ownership is checked too. */
  ownerId?: string;
  adminDiagnosticsEnabled?: boolean;
}

export function columnOf(actor: Member): ActorColumn | null {
  if (actor.isSuperAdmin) return 'super_admin';
  if (!actor.membership) return null;
  const { role, isModerator } = actor.membership;
  if (role === 'author') return isModerator ? 'author_moderator' : 'author';
  return role;
}

function ownershipRefusal(rule: OwnershipRule, actorId: string, ownerId: string): AccessRefusal | null {
  const ownItem = actorId === ownerId;
  if (rule === 'own') return ownItem ? null : 'not_owner';
  return ownItem ? 'own_item' : null;
}

/**
 * The route guard's question, asked before the item is loaded: may this actor ever do this here?
 * With `ctx.ownerId` it also checks ownership (then `pendingOwnership` is always null).
 * Without it, an `own`/`not_own` cell answers allowed with `pendingOwnership` set, and the handler
 * must call `canOnResource` once it has loaded the item.
 */
export function can(actor: Member, capability: Capability, ctx: AccessContext = {}): AccessDecision {
  const column = columnOf(actor);
  if (column === null) {
    return { allowed: false, reason: PLATFORM_CAPABILITIES.has(capability) ? 'forbidden' : 'not_member' };
  }
  const rule = PERMISSION_MATRIX[capability][column];
  switch (rule) {
    case 'allow':
      return { allowed: true, pendingOwnership: null };
    case 'deny':
      return { allowed: false, reason: 'forbidden' };
    case 'if_diagnostics_enabled':
      return ctx.adminDiagnosticsEnabled === true
        ? { allowed: true, pendingOwnership: null }
        : { allowed: false, reason: 'forbidden' };
    case 'own':
    case 'not_own': {
      if (ctx.ownerId === undefined) return { allowed: true, pendingOwnership: rule };
      const reason = ownershipRefusal(rule, actor.userId, ctx.ownerId);
      return reason ? { allowed: false, reason } : { allowed: true, pendingOwnership: null };
    }
  }
}

/** The complete check on a loaded item whose creator is `ownerId`. */
export function canOnResource(
  actor: Member,
  capability: Capability,
  ownerId: string,
  ctx: Omit<AccessContext, 'ownerId'> = {},
): ResourceDecision {
  const decision = can(actor, capability, { ...ctx, ownerId });
  return decision.allowed ? { allowed: true } : decision;
}

export type FourEyesDecision = { allowed: true; selfApproval: boolean } | { allowed: false; reason: 'four_eyes' };

/**
 * Four eyes (product.md §1): nobody approves or rejects content they created or changed
 * (`contentEditors`: a campaign's creator and everyone who changed its text, sender, recipients or
 * schedule; a sender revision's proposer). A super admin may, and `selfApproval` says so for the
 * decision's audit event.
 */
export function checkFourEyes(actor: Pick<Member, 'userId' | 'isSuperAdmin'>, contentEditors: readonly string[]): FourEyesDecision {
  if (!contentEditors.includes(actor.userId)) return { allowed: true, selfApproval: false };
  return actor.isSuperAdmin ? { allowed: true, selfApproval: true } : { allowed: false, reason: 'four_eyes' };
}

/** What a user in each column looks like, for tests that build real users from the matrix. */
export const COLUMN_ACTORS: Readonly<Record<ActorColumn, Omit<Member, 'userId'>>> = {
  author: { isSuperAdmin: false, membership: { role: 'author', isModerator: false } },
  author_moderator: { isSuperAdmin: false, membership: { role: 'author', isModerator: true } },
  moderator: { isSuperAdmin: false, membership: { role: 'moderator', isModerator: false } },
  admin: { isSuperAdmin: false, membership: { role: 'admin', isModerator: false } },
  super_admin: { isSuperAdmin: true, membership: null },
};

export interface PermissionCase {
  capability: Capability;
  column: ActorColumn;
  rule: PermissionRule;
  /** Whose item the actor acts on; null when the capability's rules never look at ownership. */
  relation: 'own' | 'other' | null;
  adminDiagnosticsEnabled: boolean;
  expected: ResourceDecision;
}

function dependsOn(capability: Capability, rules: readonly PermissionRule[]): boolean {
  return ACTOR_COLUMNS.some((column) => rules.includes(PERMISSION_MATRIX[capability][column]));
}

/**
 * Every capability × column, expanded over own/other item where ownership matters and over the
 * diagnostics flag where it matters, with the expected outcome. The authorization matrix
 * integration test iterates this list.
 */
export function listPermissionCases(): PermissionCase[] {
  const cases: PermissionCase[] = [];
  for (const capability of CAPABILITIES) {
    const relations = dependsOn(capability, ['own', 'not_own']) ? (['own', 'other'] as const) : [null];
    const flags = dependsOn(capability, ['if_diagnostics_enabled']) ? [false, true] : [false];
    for (const column of ACTOR_COLUMNS) {
      for (const relation of relations) {
        for (const adminDiagnosticsEnabled of flags) {
          const actor: Member = { userId: 'actor', ...COLUMN_ACTORS[column] };
          const ctx: AccessContext = { adminDiagnosticsEnabled };
          if (relation) ctx.ownerId = relation === 'own' ? 'actor' : 'someone-else';
          const decision = can(actor, capability, ctx);
          const expected: ResourceDecision = decision.allowed ? { allowed: true } : decision;
          cases.push({ capability, column, rule: PERMISSION_MATRIX[capability][column], relation, adminDiagnosticsEnabled, expected });
        }
      }
    }
  }
  return cases;
}
