import { describe, expect, it } from 'vitest';
import {
  ACTOR_COLUMNS,
  CAPABILITIES,
  COLUMN_ACTORS,
  PERMISSION_MATRIX,
  can,
  canOnResource,
  checkFourEyes,
  columnOf,
  listPermissionCases,
  type ActorColumn,
  type Capability,
} from '../../src/domain/permissions.js';
import type { Member } from '../../src/domain/roles.js';

// An independent copy of the matrix: the rows of product.md §1 pasted as written, parsed here.
// The implementation's table is compared with this text, so a wrong cell in either one fails.
const SPEC_TABLE = `
| View the workspace's campaigns, senders, members | ✓ | ✓ | ✓ | ✓ | ✓ all |
| Create / submit campaign | ✓ | ✓ | ✗ | ✓ | ✓ |
| Edit campaign (while New; decisions.md: only its author and admins) | own | own | ✗ | ✓ | ✓ |
| Start, pause, resume, cancel campaign | own | own | ✗ | ✓ | ✓ |
| Archive / restore campaign | own | own | ✗ | ✓ | ✓ |
| View a campaign's own audit timeline | ✓ | ✓ | ✓ | ✓ | ✓ |
| Approve / reject campaign | ✗ | ✓ not own | ✓ not own | ✓ not own | ✓ |
| Delete campaign | ✗ | ✗ | ✗ | ✗ | ✓ |
| Create / archive sender name | ✗ | ✗ | ✗ | ✓ | ✓ |
| Propose sender revision | ✓ | ✓ | ✓ | ✓ | ✓ |
| Approve / reject sender revision | ✗ | ✓ not own | ✓ not own | ✓ not own | ✓ |
| Workspace settings, members, invitations, join requests, API tokens | ✗ | ✗ | ✗ | ✓ | ✓ |
| Workspace audit log | ✗ | ✗ | ✗ | ✓ | ✓ all |
| Diagnostics page, \`/api/diagnostics/audit\` | ✗ | ✗ | ✗ | only if \`ADMIN_DIAGNOSTICS_ENABLED=true\` | ✓ |
| Create, archive, restore workspaces; create users; block/restore users; reset passwords; global presets | ✗ | ✗ | ✗ | ✗ | ✓ |
`;

const ROW_OF: Record<Capability, string> = {
  'workspace.view': "View the workspace's campaigns, senders, members",
  'campaign.create': 'Create / submit campaign',
  'campaign.edit': 'Edit campaign (while New; decisions.md: only its author and admins)',
  'campaign.submit': 'Create / submit campaign',
  'campaign.control': 'Start, pause, resume, cancel campaign',
  'campaign.archive': 'Archive / restore campaign',
  'campaign.view_audit': "View a campaign's own audit timeline",
  'campaign.moderate': 'Approve / reject campaign',
  'campaign.delete': 'Delete campaign',
  'sender.manage': 'Create / archive sender name',
  'sender.propose_revision': 'Propose sender revision',
  'sender.moderate_revision': 'Approve / reject sender revision',
  'workspace.admin': 'Workspace settings, members, invitations, join requests, API tokens',
  'workspace.audit': 'Workspace audit log',
  'diagnostics.view': 'Diagnostics page, `/api/diagnostics/audit`',
  'platform.admin':
    'Create, archive, restore workspaces; create users; block/restore users; reset passwords; global presets',
};

const specRows = new Map<string, string[]>(
  SPEC_TABLE.trim()
    .split('\n')
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .map((cells): [string, string[]] => [cells[0] ?? '', cells.slice(1)]),
);

type Relation = 'own' | 'other';

/** Reads one cell of the pasted spec table as a yes/no for one situation. */
function specAllows(capability: Capability, column: ActorColumn, relation: Relation, diagnosticsFlag: boolean): boolean {
  const cells = specRows.get(ROW_OF[capability]);
  if (!cells || cells.length !== 5) throw new Error(`spec row missing for ${capability}`);
  const cell = cells[ACTOR_COLUMNS.indexOf(column)];
  switch (cell) {
    case '✓':
    case '✓ all':
      return true;
    case '✗':
      return false;
    case 'own':
      return relation === 'own';
    case '✓ not own':
      return relation === 'other';
    case 'only if `ADMIN_DIAGNOSTICS_ENABLED=true`':
      return diagnosticsFlag;
    default:
      throw new Error(`unparsed cell ${String(cell)}`);
  }
}

const actorIn = (column: ActorColumn, userId = 'u-actor'): Member => ({ userId, ...COLUMN_ACTORS[column] });

describe('permission matrix against product.md §1', () => {
  const situations: Array<[Capability, ActorColumn, Relation, boolean]> = [];
  for (const capability of CAPABILITIES)
    for (const column of ACTOR_COLUMNS)
      for (const relation of ['own', 'other'] as const)
        for (const flag of [false, true]) situations.push([capability, column, relation, flag]);

  it('covers every capability × column × own/other × flag', () => {
    expect(situations).toHaveLength(16 * 5 * 2 * 2);
  });

  it.each(situations)('%s by %s on %s item (diagnostics flag %s)', (capability, column, relation, flag) => {
    const actor = actorIn(column);
    const ownerId = relation === 'own' ? actor.userId : 'u-someone-else';
    const decision = canOnResource(actor, capability, ownerId, { adminDiagnosticsEnabled: flag });
    expect(decision.allowed).toBe(specAllows(capability, column, relation, flag));
  });

  it('gives the precise refusal reason for ownership cells', () => {
    expect(canOnResource(actorIn('author'), 'campaign.control', 'u-other')).toEqual({ allowed: false, reason: 'not_owner' });
    expect(canOnResource(actorIn('author'), 'campaign.archive', 'u-other')).toEqual({ allowed: false, reason: 'not_owner' });
    expect(canOnResource(actorIn('admin'), 'campaign.moderate', 'u-actor')).toEqual({ allowed: false, reason: 'own_item' });
    expect(canOnResource(actorIn('moderator'), 'sender.moderate_revision', 'u-actor')).toEqual({ allowed: false, reason: 'own_item' });
    expect(canOnResource(actorIn('moderator'), 'campaign.create', 'u-actor')).toEqual({ allowed: false, reason: 'forbidden' });
    expect(canOnResource(actorIn('super_admin'), 'campaign.moderate', 'u-actor')).toEqual({ allowed: true });
  });
});

describe('can before the item is loaded', () => {
  it.each(CAPABILITIES.flatMap((capability) => ACTOR_COLUMNS.map((column): [Capability, ActorColumn] => [capability, column])))(
    '%s by %s: allowed iff some item could be, with the ownership still to check',
    (capability, column) => {
      const actor = actorIn(column);
      const decision = can(actor, capability, { adminDiagnosticsEnabled: true });
      const ownAllowed = specAllows(capability, column, 'own', true);
      const otherAllowed = specAllows(capability, column, 'other', true);
      expect(decision.allowed).toBe(ownAllowed || otherAllowed);
      if (!decision.allowed) return expect(decision.reason).toBe('forbidden');
      const expectedPending = ownAllowed && otherAllowed ? null : ownAllowed ? 'own' : 'not_own';
      expect(decision.pendingOwnership).toBe(expectedPending);
    },
  );

  it('checks ownership too when ctx.ownerId is given', () => {
    expect(can(actorIn('author'), 'campaign.control', { ownerId: 'u-actor' })).toEqual({ allowed: true, pendingOwnership: null });
    expect(can(actorIn('author'), 'campaign.control', { ownerId: 'x' })).toEqual({ allowed: false, reason: 'not_owner' });
  });

  it('treats a missing diagnostics flag as false', () => {
    expect(can(actorIn('admin'), 'diagnostics.view')).toEqual({ allowed: false, reason: 'forbidden' });
  });
});

describe('actors and columns', () => {
  const stranger: Member = { userId: 'u1', isSuperAdmin: false, membership: null };

  it.each(CAPABILITIES)('a non-member is refused %s (404 inside a workspace, 403 for platform things)', (capability) => {
    const platform = capability === 'platform.admin' || capability === 'diagnostics.view';
    expect(can(stranger, capability, { ownerId: 'u1', adminDiagnosticsEnabled: true })).toEqual({
      allowed: false,
      reason: platform ? 'forbidden' : 'not_member',
    });
  });

  it.each(CAPABILITIES)('a super admin who is not a member may %s', (capability) => {
    expect(can({ userId: 'sa', isSuperAdmin: true, membership: null }, capability)).toEqual({ allowed: true, pendingOwnership: null });
  });

  it('maps memberships to columns', () => {
    expect(columnOf(stranger)).toBeNull();
    expect(columnOf({ userId: 'u', isSuperAdmin: true, membership: { role: 'author', isModerator: false } })).toBe('super_admin');
    expect(columnOf({ userId: 'u', isSuperAdmin: false, membership: { role: 'author', isModerator: true } })).toBe('author_moderator');
    expect(columnOf({ userId: 'u', isSuperAdmin: false, membership: { role: 'moderator', isModerator: true } })).toBe('moderator');
    expect(columnOf({ userId: 'u', isSuperAdmin: false, membership: { role: 'admin', isModerator: true } })).toBe('admin');
    for (const column of ACTOR_COLUMNS) expect(columnOf(actorIn(column))).toBe(column);
  });
});

describe('four eyes', () => {
  const plain = { userId: 'u1', isSuperAdmin: false };
  const superAdmin = { userId: 'u1', isSuperAdmin: true };
  it.each([
    ['created or changed it', plain, ['u1'], { allowed: false, reason: 'four_eyes' }],
    ['changed a colleague\'s content', plain, ['u2', 'u1'], { allowed: false, reason: 'four_eyes' }],
    ['never touched it', plain, ['u2', 'u3'], { allowed: true, selfApproval: false }],
    ['super admin who changed it', superAdmin, ['u2', 'u1'], { allowed: true, selfApproval: true }],
    ['super admin who never touched it', superAdmin, ['u2'], { allowed: true, selfApproval: false }],
  ] as const)('%s', (_name, actor, editors, expected) => {
    expect(checkFourEyes(actor, editors)).toEqual(expected);
  });
});

describe('listPermissionCases (drives the integration matrix test)', () => {
  const cases = listPermissionCases();

  it('lists every capability × column, expanded where ownership or the flag matters', () => {
    // 5 ownership capabilities × 5 columns × 2 relations, diagnostics 5 × 2 flags, 10 others × 5.
    expect(cases).toHaveLength(5 * 5 * 2 + 5 * 2 + 10 * 5);
    for (const capability of CAPABILITIES)
      for (const column of ACTOR_COLUMNS)
        expect(cases.some((c) => c.capability === capability && c.column === column)).toBe(true);
  });

  it('agrees with the spec table in every case', () => {
    for (const c of cases) {
      const relations: Relation[] = c.relation ? [c.relation] : ['own', 'other'];
      for (const relation of relations)
        expect(c.expected.allowed, `${c.capability}/${c.column}/${relation}`).toBe(
          specAllows(c.capability, c.column, relation, c.adminDiagnosticsEnabled),
        );
      expect(c.rule).toBe(PERMISSION_MATRIX[c.capability][c.column]);
    }
  });
});
