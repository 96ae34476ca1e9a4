import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { isDuplicateKey } from '../db/connection.js';
import type { WorkspaceId } from '../db/tenant.js';
import type { AuditCall } from '../http/route.js';
import { badRequest, conflict, coreUnavailable } from '../http/errors.js';
import type { SendingWindow } from '../workspaces/workspace-store.js';
import { checkCampaignRules } from './campaign-rules.js';
import { checkSendingChoice, isFieldProblem, senderSnapshot } from './campaign-choices.js';
import { ensureCoreJob } from './campaign-core-job.js';
import type { CreateCampaignInput } from './campaign-schemas.js';
import { campaignsCollection, derivedFields, findCampaignAnywhere, type CampaignDoc } from './campaign-store.js';

export interface CreateContext {
  app: AppContext;
  workspaceId: WorkspaceId;
  workspaceWindow: SendingWindow | null;
  userId: ObjectId;
  requestId: string;
  /** Records with the route's action (`campaign.created`) unless the input names another. */
  audit(input: AuditCall): Promise<void>;
}

/**
 * A retried create: the campaign with this external_id is returned (and its Core job linked or
 * made) only to the same user in the same workspace; anyone else gets 409 without data.
 */
async function retried(ctx: CreateContext, existing: CampaignDoc): Promise<CampaignDoc> {
  if (!existing.workspace_id.equals(ctx.workspaceId) || !existing.created_by.equals(ctx.userId)) throw conflict('campaign_id_taken');
  const { campaign, outcome } = await ensureCoreJob(ctx.app, existing, ctx.workspaceWindow, ctx.requestId);
  if (outcome === 'linked') await auditLink(ctx, campaign);
  return campaign;
}

const auditLink = (ctx: Pick<CreateContext, 'audit'>, c: CampaignDoc) =>
  ctx.audit({ action: 'campaign.core_job_linked', workspaceId: c.workspace_id, resource: { type: 'campaign', id: c.external_id }, after: { job_id: c.job_id } });

/**
 * Creates the campaign idempotently by external_id: insert (job_id null) → Core createJob (held)
 * → link job_id. Answers `created: false` for a retry of the same create.
 */
export async function createCampaign(ctx: CreateContext, input: CreateCampaignInput): Promise<{ campaign: CampaignDoc; created: boolean }> {
  const { app } = ctx;
  if (app.core.health.state().status === 'down') throw coreUnavailable();
  const existing = await findCampaignAnywhere(app.db, input.external_id);
  if (existing) return { campaign: await retried(ctx, existing), created: false };

  const now = new Date();
  const { problems, segments } = checkCampaignRules(input, new Set(Object.keys(input)), now);
  const sender = await senderSnapshot(app, ctx.workspaceId, input.sender_id);
  if (isFieldProblem(sender)) problems.push(sender);
  problems.push(...(await checkSendingChoice(app, input.esme, input.strategy, ctx.requestId)));
  if (problems.length > 0 || isFieldProblem(sender)) throw badRequest(problems);

  const base = {
    status: 'New' as const,
    submitted_at: null,
    approved_at: null,
    archived_at: null,
  };
  const doc: CampaignDoc = {
    _id: new ObjectId(),
    external_id: input.external_id,
    job_id: null,
    workspace_id: ctx.workspaceId,
    name: input.name,
    mode: input.mode,
    sender,
    esme: input.esme,
    strategy: input.strategy,
    text: input.text,
    encoding: segments.encoding,
    parts: segments.parts,
    sms_limit: input.sms_limit,
    start_at: input.start_at,
    end_at: input.end_at,
    daily_time: input.daily_time,
    sending_window: input.sending_window,
    auto_start: input.auto_start,
    recipients: null,
    progress: { total: 0, sent: 0, delivered: 0, failed: 0, updated_at: null },
    ...base,
    pause_reason: null,
    core_error: null,
    approved_by: null,
    rejection_reason: null,
    created_by: ctx.userId,
    content_editors: [ctx.userId],
    created_at: now,
    updated_at: now,
    version: 0,
    ...derivedFields(base),
  };
  try {
    await campaignsCollection(app.db).insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const raced = await findCampaignAnywhere(app.db, input.external_id);
    if (!raced) throw err;
    return { campaign: await retried(ctx, raced), created: false };
  }
  await ctx.audit({
    workspaceId: ctx.workspaceId,
    resource: { type: 'campaign', id: doc.external_id },
    after: { name: doc.name, mode: doc.mode, saddr: doc.sender.saddr, esme: doc.esme },
  });
  // If Core fails here the campaign stays with job_id null: a retry or the reconciler links it.
  const { campaign, outcome } = await ensureCoreJob(app, doc, ctx.workspaceWindow, ctx.requestId);
  if (outcome === 'linked') await auditLink(ctx, campaign);
  return { campaign, created: true };
}
