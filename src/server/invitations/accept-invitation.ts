import type { FieldProblem } from '../../domain/error-catalogue.js';
import { ObjectId } from 'mongodb';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { hashPassword, passwordProblem } from '../auth/password.js';
import { resolveSession } from '../auth/session.js';
import { isDuplicateKey } from '../db/connection.js';
import { asWorkspaceId } from '../db/tenant.js';
import { ApiError, badRequest, conflict } from '../http/errors.js';
import { newUserDoc, usersCollection, type UserDoc } from '../users/user-store.js';
import { sha256Hex } from '../api-tokens/secret-token.js';
import { addMember } from '../workspaces/add-member.js';
import { exclusively } from '../workspaces/exclusive.js';
import { workspacesCollection, type MembershipDoc, type WorkspaceDoc } from '../workspaces/workspace-store.js';
import { invitationGone, invitationNotFound } from './invitation-answers.js';
import { effectiveStatus, invitationByTokenHash, invitationsCollection, markExpired, type InvitationDoc } from './invitation-store.js';

/** The pending invitation behind `token` and its (active) workspace, or the answer that says why not. */
export async function openInvitation(app: AppContext, token: string): Promise<{ inv: InvitationDoc; workspace: WorkspaceDoc }> {
  const inv = await invitationByTokenHash(app.db, sha256Hex(token));
  if (!inv) throw invitationNotFound();
  const status = effectiveStatus(inv);
  if (status === 'expired' && inv.status === 'pending') await markExpired(app.db, inv);
  if (status !== 'pending') throw invitationGone(status);
  const workspace = await workspacesCollection(app.db).findOne({ _id: inv.workspace_id });
  if (!workspace || workspace.archived_at) throw invitationGone('revoked');
  return { inv, workspace };
}

export interface AcceptOutcome {
  inv: InvitationDoc;
  workspace: WorkspaceDoc;
  user: UserDoc;
  membership: MembershipDoc;
  membershipCreated: boolean;
  /** The account was created by this acceptance (the caller signs it in). */
  newAccount: boolean;
}

/**
 * Accepts for the signed-in user whose e-mail matches, or creates the account when nobody is
 * signed in and the e-mail has none; an existing account must sign in first (401). One decision
 * per invitation: accept and revoke claim the same key, and the winner re-reads the status.
 */
export async function acceptInvitation(
  app: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  body: { name?: string; password?: string },
): Promise<AcceptOutcome> {
  const { inv, workspace } = await openInvitation(app, token);
  const signedIn = await resolveSession(app, req, reply);
  if (signedIn) {
    if (signedIn.email !== inv.email) throw new ApiError('invitation_email_mismatch');
    if (signedIn.must_change_password) throw new ApiError('password_change_required');
  } else if (await usersCollection(app.db).findOne({ email: inv.email }, { projection: { _id: 1 } })) {
    throw new ApiError('sign_in_required');
  } else {
    const problems: FieldProblem[] = [];
    if (!body.name) problems.push({ path: 'body.name', reason: 'required to create your account', rule: 'required' });
    if (!body.password) problems.push({ path: 'body.password', reason: 'required to create your account', rule: 'required' });
    else {
      const problem = passwordProblem('body.password', body.password, inv.email);
      if (problem) problems.push(problem);
    }
    if (problems.length) throw badRequest(problems);
  }

  return exclusively(app.db, `invitations:${inv._id.toHexString()}:decide`, async () => {
    const current = await invitationsCollection(app.db).findOne({ workspace_id: inv.workspace_id, _id: inv._id });
    const status = current ? effectiveStatus(current) : 'revoked';
    if (status !== 'pending') throw invitationGone(status);
    const user = signedIn ?? (await createAccount(app, inv.email, body.name!, body.password!));
    const { membership, created } = await addMember(app, asWorkspaceId(workspace._id), user._id, inv.role, inv.is_moderator);
    const now = new Date();
    await invitationsCollection(app.db).updateOne(
      { workspace_id: inv.workspace_id, _id: inv._id },
      { $set: { status: 'accepted', pending_key: inv._id.toHexString(), decided_at: now, decided_by: user._id } },
    );
    return { inv, workspace, user, membership, membershipCreated: created, newAccount: !signedIn };
  });
}

async function createAccount(app: AppContext, email: string, name: string, password: string): Promise<UserDoc> {
  const doc = newUserDoc({ _id: new ObjectId(), email, name, password_hash: await hashPassword(password, app.config.BCRYPT_COST) });
  try {
    await usersCollection(app.db).insertOne(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('account_just_created');
    throw err;
  }
  return doc;
}
