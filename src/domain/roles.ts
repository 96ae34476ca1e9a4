// Workspace roles and the guards on changing memberships (product.md §1, "Guards").
import { can } from './permissions.js';

export const ROLES = ['author', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Membership {
  role: Role;
  /** Lets an author moderate too (never their own items). */
  isModerator: boolean;
}

/** The acting user as seen from one workspace: `membership` is null when they are not a member of it. */
export interface Member {
  userId: string;
  isSuperAdmin: boolean;
  membership: Membership | null;
}

/** A user who is a member of the workspace in question (the target of a member change). */
export interface WorkspaceMember extends Member {
  membership: Membership;
}

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
