import { describe, expect, it } from 'vitest';
import { checkMemberRemoval, checkRoleChange } from '../../src/domain/member-changes.js';
import { isRole, type Member, type Membership, type WorkspaceMember } from '../../src/domain/roles.js';

const author: Membership = { role: 'author', isModerator: false };
const moderator: Membership = { role: 'moderator', isModerator: false };
const admin: Membership = { role: 'admin', isModerator: false };

const makeMember = (userId: string, membership: Membership, isSuperAdmin = false): WorkspaceMember => ({ userId, isSuperAdmin, membership });
const anAdmin = makeMember('admin-1', admin);
const otherAdmin = makeMember('admin-2', admin);
const anAuthor = makeMember('author-1', author);
const aModerator = makeMember('mod-1', moderator);
const superAdminOutside: Member = { userId: 'sa-1', isSuperAdmin: true, membership: null };
const superAdminMember = makeMember('sa-2', author, true);
const stranger: Member = { userId: 'x-1', isSuperAdmin: false, membership: null };

describe('isRole', () => {
  it.each([['author', true], ['moderator', true], ['admin', true], ['super_admin', false], ['Admin', false], ['', false]] as const)(
    '%s → %s',
    (value, expected) => expect(isRole(value)).toBe(expected),
  );
});

describe('checkRoleChange', () => {
  it.each([
    ['admin promotes an author', anAdmin, anAuthor, admin, 1, null],
    ['admin demotes another admin (2 admins)', anAdmin, otherAdmin, author, 2, null],
    ['admin sets the moderator flag on an author', anAdmin, anAuthor, { role: 'author', isModerator: true }, 1, null],
    ['admin demotes the last admin (someone else, count 1)', anAdmin, otherAdmin, moderator, 1, 'last_admin'],
    ['admin keeps the last admin an admin with a flag change', anAdmin, otherAdmin, { role: 'admin', isModerator: true }, 1, null],
    ['admin changes own role', anAdmin, anAdmin, author, 3, 'own_role'],
    ['admin changes own role to the same role', anAdmin, anAdmin, admin, 3, 'own_role'],
    ['super admin changes own membership role', superAdminMember, superAdminMember, admin, 1, 'own_role'],
    ['admin changes a super admin', anAdmin, superAdminMember, moderator, 1, 'super_admin_target'],
    ['super admin changes a super admin', superAdminOutside, superAdminMember, moderator, 1, null],
    ['super admin (not a member) demotes the last admin', superAdminOutside, anAdmin, author, 1, 'last_admin'],
    ['super admin (not a member) promotes an author', superAdminOutside, anAuthor, admin, 1, null],
    ['author changes a role', anAuthor, aModerator, admin, 1, 'forbidden'],
    ['moderator changes a role', aModerator, anAuthor, moderator, 1, 'forbidden'],
    ['author+flag changes a role', makeMember('am', { role: 'author', isModerator: true }), anAuthor, moderator, 1, 'forbidden'],
    ['non-member changes a role', stranger, anAuthor, admin, 1, 'not_member'],
  ] as const)('%s', (_name, actor, target, newRole, admins, refusal) => {
    const result = checkRoleChange(actor, target, newRole, admins);
    if (refusal === null) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, reason: refusal, message: expect.any(String) });
  });
});

describe('checkMemberRemoval', () => {
  it.each([
    ['admin removes an author', anAdmin, anAuthor, 1, null],
    ['admin removes another admin (2 admins)', anAdmin, otherAdmin, 2, null],
    ['admin removes the last other admin', anAdmin, otherAdmin, 1, 'last_admin'],
    ['admin leaves while another admin stays', anAdmin, anAdmin, 2, null],
    ['last admin leaves', anAdmin, anAdmin, 1, 'last_admin'],
    ['author leaves', anAuthor, anAuthor, 1, null],
    ['author removes a moderator', anAuthor, aModerator, 1, 'forbidden'],
    ['moderator removes an author', aModerator, anAuthor, 1, 'forbidden'],
    ['admin removes a super admin', anAdmin, superAdminMember, 1, 'super_admin_target'],
    ['super admin removes a super admin', superAdminOutside, superAdminMember, 1, null],
    ['super admin removes the last admin', superAdminOutside, anAdmin, 1, 'last_admin'],
    ['non-member removes someone', stranger, anAuthor, 1, 'not_member'],
  ] as const)('%s', (_name, actor, target, admins, refusal) => {
    const result = checkMemberRemoval(actor, target, admins);
    if (refusal === null) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, reason: refusal });
  });
});
