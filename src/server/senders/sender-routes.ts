import { createdSenderAnswer, revisionAnswer, senderAnswer, senderListAnswer, senderRevisionPage } from '../../contract/senders.js';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { isDuplicateKey } from '../db/connection.js';
import { findKeyPage, pageQuery } from '../db/id-page.js';
import { parseObjectId, type WorkspaceId } from '../db/tenant.js';
import { updateIfVersion } from '../db/claims.js';
import { conflict, invalidState, notFound } from '../http/errors.js';
import { requireFourEyes } from '../auth/four-eyes.js';
import { route, type WorkspaceContext } from '../http/route.js';
import {
  approveRevisionBody,
  createSenderBody,
  listSendersQuery,
  proposeRevisionBody,
  rejectRevisionBody,
  senderParams,
  workspaceParams,
} from './sender-schemas.js';
import {
  activeNameKey,
  archivedNameKey,
  insertRevision,
  publicRevision,
  publicSender,
  revisionsCollection,
  sendersCollection,
  type RevisionDoc,
  type SenderDoc,
} from './sender-store.js';

async function loadSender(app: AppContext, workspaceId: WorkspaceId, id: string): Promise<SenderDoc> {
  const oid = parseObjectId(id);
  const sender = oid && (await sendersCollection(app.db).findOne({ _id: oid, workspace_id: workspaceId }));
  if (!sender) throw notFound();
  return sender;
}

async function loadRevision(app: AppContext, workspaceId: WorkspaceId, id: string): Promise<RevisionDoc> {
  const oid = parseObjectId(id);
  const revision = oid && (await revisionsCollection(app.db).findOne({ _id: oid, workspace_id: workspaceId }));
  if (!revision) throw notFound();
  return revision;
}

/** The revision to decide on; four eyes first (403 `four_eyes`), before the route's ownership rule. */
async function loadForDecision(ctx: Pick<WorkspaceContext<{ id: string }>, 'app' | 'ws' | 'params' | 'member'>) {
  const revision = await loadRevision(ctx.app, ctx.ws.workspaceId, ctx.params.id);
  // A revision is never edited: its proposer is all its content editors.
  const { selfApproval } = requireFourEyes(ctx, [revision.created_by.toHexString()]);
  return { revision, selfApproval };
}

async function currentRevisions(app: AppContext, workspaceId: WorkspaceId, senders: SenderDoc[]): Promise<Map<string, RevisionDoc>> {
  const ids = senders.map((s) => s.current_revision_id).filter((id): id is ObjectId => id !== null);
  if (ids.length === 0) return new Map();
  const revisions = await revisionsCollection(app.db).find({ workspace_id: workspaceId, _id: { $in: ids } }).toArray();
  return new Map(revisions.map((r) => [r._id.toHexString(), r]));
}

/** The address each sender's newest pending revision proposes: one query for the page, by sender id. */
async function pendingAddresses(app: AppContext, workspaceId: WorkspaceId, senders: SenderDoc[]): Promise<Map<string, string>> {
  if (senders.length === 0) return new Map();
  const pending = await revisionsCollection(app.db)
    .find({ workspace_id: workspaceId, status: 'pending_approval', sender_name_id: { $in: senders.map((s) => s._id) } })
    .sort({ revision_number: 1 })
    .toArray();
  return new Map(pending.map((r) => [r.sender_name_id.toHexString(), r.saddr]));
}

/** Decides a pending revision once: the version claim makes concurrent decisions have one winner. */
async function decide(app: AppContext, revision: RevisionDoc, decision: 'approved' | 'rejected', actorId: ObjectId, note: string): Promise<RevisionDoc> {
  if (revision.status !== 'pending_approval') throw invalidState('revision_decided', { status: revision.status });
  const now = new Date();
  const decided = await updateIfVersion(
    revisionsCollection(app.db),
    { _id: revision._id, workspace_id: revision.workspace_id, version: revision.version, status: 'pending_approval' },
    { $set: { status: decision, decided_by: actorId, decision_note: note || null, decided_at: now, updated_at: now } },
  );
  if (!decided) throw conflict();
  return decided;
}

export const senderRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/senders',
    summary: 'Sender names of the workspace with their current revision and any pending address, by name, paged',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: senderListAnswer },
    params: workspaceParams,
    query: listSendersQuery,
    handler: async ({ app, ws, query }) => {
      const workspaceId = ws.workspaceId;
      const { status, ...page } = query;
      const filter = status ? { workspace_id: workspaceId, status } : { workspace_id: workspaceId };
      const senders = await findKeyPage<SenderDoc>(
        (bound, sort, limit) => sendersCollection(app.db).find({ ...filter, ...bound }).sort(sort).limit(limit).toArray(),
        'name',
        1,
        page,
      );
      const [current, pending] = await Promise.all([currentRevisions(app, workspaceId, senders.items), pendingAddresses(app, workspaceId, senders.items)]);
      return {
        items: senders.items.map((s) => ({
          ...publicSender(s, s.current_revision_id ? (current.get(s.current_revision_id.toHexString()) ?? null) : null),
          pending_saddr: pending.get(s._id.toHexString()) ?? null,
        })),
        next_cursor: senders.next_cursor,
      };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/senders',
    summary: 'Create a sender name with its first revision (pending approval)',
    access: { kind: 'workspace', capability: 'sender.manage' },
    responses: { 201: createdSenderAnswer },
    audit: 'sender.created',
    params: workspaceParams,
    body: createSenderBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const now = new Date();
      const userId = ctx.user._id;
      const sender: SenderDoc = {
        _id: new ObjectId(),
        workspace_id: workspaceId,
        name: body.name,
        active_name_key: activeNameKey(body.name),
        status: 'pending_approval',
        current_revision_id: null,
        created_by: userId,
        created_at: now,
        updated_at: now,
        version: 0,
      };
      try {
        await sendersCollection(app.db).insertOne(sender);
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('sender_name_taken', [{ path: 'body.name', reason: 'already in use', rule: 'in_use' }]);
        throw err;
      }
      const revision = await insertRevision(app.db, sender, { ...body, created_by: userId }, now);
      await ctx.audit({ workspaceId, resource: { type: 'sender', id: sender._id.toHexString() }, after: { name: sender.name, saddr: revision.saddr } });
      ctx.status(201);
      return { sender: publicSender(sender, null), revision: publicRevision(revision) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/senders/:id',
    summary: 'A sender name with its current revision (its history: GET …/revisions)',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: senderAnswer },
    params: senderParams,
    handler: async ({ app, ws, params }) => {
      const sender = await loadSender(app, ws.workspaceId, params.id);
      const currentId = sender.current_revision_id;
      const current = currentId && (await revisionsCollection(app.db).findOne({ workspace_id: ws.workspaceId, _id: currentId }));
      return { sender: publicSender(sender, current ?? null) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/senders/:id/revisions',
    summary: 'The revision history of a sender name, newest first, paged',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: senderRevisionPage },
    params: senderParams,
    query: pageQuery,
    handler: async ({ app, ws, params, query }) => {
      const sender = await loadSender(app, ws.workspaceId, params.id);
      const filter = { workspace_id: ws.workspaceId, sender_name_id: sender._id };
      const page = await findKeyPage<RevisionDoc>(
        (bound, sort, limit) => revisionsCollection(app.db).find({ ...filter, ...bound }).sort(sort).limit(limit).toArray(),
        'revision_number',
        -1,
        query,
      );
      return { items: page.items.map(publicRevision), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/senders/:id/archive',
    summary: 'Archive a sender name (its name becomes free again)',
    access: { kind: 'workspace', capability: 'sender.manage' },
    responses: { 200: senderAnswer },
    audit: 'sender.archived',
    params: senderParams,
    handler: async (ctx) => {
      const { app } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const sender = await loadSender(app, workspaceId, ctx.params.id);
      if (sender.status === 'archived') throw invalidState('sender_archived');
      const archived = await updateIfVersion(
        sendersCollection(app.db),
        { _id: sender._id, workspace_id: workspaceId, version: sender.version },
        { $set: { status: 'archived', active_name_key: archivedNameKey(sender._id), updated_at: new Date() } },
      );
      if (!archived) throw conflict();
      await ctx.audit({ workspaceId, resource: { type: 'sender', id: sender._id.toHexString() }, before: { status: sender.status }, after: { status: 'archived' } });
      return { sender: publicSender(archived, null) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/senders/:id/revisions',
    summary: 'Propose a new revision of a sender name',
    access: { kind: 'workspace', capability: 'sender.propose_revision' },
    responses: { 201: revisionAnswer },
    audit: 'sender_revision.proposed',
    params: senderParams,
    body: proposeRevisionBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const sender = await loadSender(app, workspaceId, ctx.params.id);
      if (sender.status === 'archived') throw invalidState('sender_archived');
      const revision = await insertRevision(app.db, sender, { ...body, created_by: ctx.user._id });
      await ctx.audit({
        workspaceId,
        resource: { type: 'sender_revision', id: revision._id.toHexString() },
        after: { sender_name_id: sender._id.toHexString(), revision_number: revision.revision_number, saddr: revision.saddr },
      });
      ctx.status(201);
      return { revision: publicRevision(revision) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/sender-revisions/:id/approve',
    summary: 'Approve a sender revision (never your own; it becomes current)',
    access: { kind: 'workspace', capability: 'sender.moderate_revision' },
    responses: { 200: revisionAnswer },
    audit: 'sender_revision.approved',
    params: senderParams,
    body: approveRevisionBody,
    load: (ctx) => loadForDecision(ctx),
    owner: ({ revision }) => revision.created_by.toHexString(),
    handler: async (ctx) => {
      const { app } = ctx;
      const { revision, selfApproval } = ctx.resource;
      const workspaceId = ctx.ws.workspaceId;
      const resource = { type: 'sender_revision', id: revision._id.toHexString() };
      const sender = await loadSender(app, workspaceId, revision.sender_name_id.toHexString());
      if (sender.status === 'archived') throw invalidState('sender_archived');
      const decided = await decide(app, revision, 'approved', ctx.user._id, ctx.body.note);
      // Any later approval becomes current; an archive that slipped in meanwhile stays archived.
      await sendersCollection(app.db).updateOne(
        { _id: sender._id, workspace_id: workspaceId, status: { $ne: 'archived' } },
        { $set: { status: 'approved', current_revision_id: decided._id, updated_at: new Date() }, $inc: { version: 1 } },
      );
      await ctx.audit({
        workspaceId,
        resource,
        before: { status: 'pending_approval' },
        after: { status: 'approved', sender_name_id: sender._id.toHexString(), note: decided.decision_note, self_approval: selfApproval },
      });
      return { revision: publicRevision(decided) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/sender-revisions/:id/reject',
    summary: 'Reject a sender revision with a note (never your own)',
    access: { kind: 'workspace', capability: 'sender.moderate_revision' },
    responses: { 200: revisionAnswer },
    audit: 'sender_revision.rejected',
    params: senderParams,
    body: rejectRevisionBody,
    load: (ctx) => loadForDecision(ctx),
    owner: ({ revision }) => revision.created_by.toHexString(),
    handler: async (ctx) => {
      const { app } = ctx;
      const { revision, selfApproval } = ctx.resource;
      const workspaceId = ctx.ws.workspaceId;
      const resource = { type: 'sender_revision', id: revision._id.toHexString() };
      const decided = await decide(app, revision, 'rejected', ctx.user._id, ctx.body.note);
      // A sender that never had an approved revision is rejected with its first one.
      await sendersCollection(app.db).updateOne(
        { _id: revision.sender_name_id, workspace_id: workspaceId, status: 'pending_approval', current_revision_id: null },
        { $set: { status: 'rejected', updated_at: new Date() }, $inc: { version: 1 } },
      );
      await ctx.audit({
        workspaceId,
        resource,
        before: { status: 'pending_approval' },
        after: { status: 'rejected', note: decided.decision_note, self_approval: selfApproval },
      });
      return { revision: publicRevision(decided) };
    },
  }),
];
