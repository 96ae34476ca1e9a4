// The guards on changing memberships (product.md §1, "Guards").
import { can } from './permissions.js';
import type { Member, Membership, WorkspaceMember } from './roles.js';

export type MemberChangeRefusal = 'not_member' | 'forbidden' | 'own_role' | 'super_admin_target' | 'last_admin';

export type MemberChangeCheck =
  | { ok: true }
  | { ok: false; reason: MemberChangeRefusal; message: string };

const refusals: Record<MemberChangeRefusal, string> = {
  not_member: 'Not found',
  forbidden: 'Only a workspace admin can change members',
  own_role: 'You cannot change your own role',
  super_admin_target: 'Only a super admin can change a super admin',
  last_admin: 'A workspace must keep at least one admin',
};

function refuse(reason: MemberChangeRefusal): MemberChangeCheck {
  return { ok: false, reason, message: refusals[reason] };
}

function adminGate(actor: Member): MemberChangeCheck | null {
  const decision = can(actor, 'workspace.admin');
  if (decision.allowed) return null;
  return refuse(decision.reason === 'not_member' ? 'not_member' : 'forbidden');
}

function losesLastAdmin(target: WorkspaceMember, adminCountInWorkspace: number): boolean {
  return target.membership.role === 'admin' && adminCountInWorkspace <= 1;
}

/**
 * May `actor` give `target` the membership `newRole` (role and moderator flag)?
 * `adminCountInWorkspace` counts the workspace's admins before the change, target included.
 */
export function checkRoleChange(
  actor: Member,
  target: WorkspaceMember,
  newRole: Membership,
  adminCountInWorkspace: number,
): MemberChangeCheck {
  const gate = adminGate(actor);
  if (gate) return gate;
  if (actor.userId === target.userId) return refuse('own_role');
  if (target.isSuperAdmin && !actor.isSuperAdmin) return refuse('super_admin_target');
  if (newRole.role !== 'admin' && losesLastAdmin(target, adminCountInWorkspace)) return refuse('last_admin');
  return { ok: true };
}

/**
 * May `actor` remove `target` from the workspace? Any member may leave (remove themselves),
 * except the last admin; removing someone else takes a workspace admin.
 */
export function checkMemberRemoval(
  actor: Member,
  target: WorkspaceMember,
  adminCountInWorkspace: number,
): MemberChangeCheck {
  const leaving = actor.userId === target.userId;
  if (!leaving) {
    const gate = adminGate(actor);
    if (gate) return gate;
    if (target.isSuperAdmin && !actor.isSuperAdmin) return refuse('super_admin_target');
  }
  if (losesLastAdmin(target, adminCountInWorkspace)) return refuse('last_admin');
  return { ok: true };
}
