import type { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { badRequest } from '../http/errors.js';
import { jobRateLimit } from '../presets/sending-options.js';
import type { FieldProblem } from '../http/validation.js';
import type { SendingWindow } from '../workspaces/workspace-store.js';
import { checkCampaignRules } from './campaign-rules.js';
import { checkSendingChoice, isFieldProblem, senderSnapshot } from './campaign-choices.js';
import { coreJobParams } from './campaign-core-job.js';
import type { PatchCampaignInput } from './campaign-schemas.js';
import { withContentEditor, type CampaignDoc } from './campaign-store.js';
import { runTransition } from './campaign-transitions.js';

/** The changed fields of an edit, validated against the campaign as it would be saved. */
async function editedFields(app: AppContext, c: CampaignDoc, input: PatchCampaignInput, requestId: string): Promise<Partial<CampaignDoc>> {
  const { version: _version, sender_id, ...fields } = input;
  const given = new Set(Object.keys(input));
  const merged = { ...c, ...fields };
  const { problems, segments } = checkCampaignRules(merged, given, new Date());
  const changes: Partial<CampaignDoc> = { ...fields };
  if (sender_id !== undefined) {
    const sender = await senderSnapshot(app, c.workspace_id, sender_id);
    if (isFieldProblem(sender)) problems.push(sender);
    else changes.sender = sender;
  }
  if (input.esme !== undefined || input.strategy !== undefined) problems.push(...(await checkSendingChoice(app, merged.esme, merged.strategy, requestId)));
  if (problems.length > 0) throw badRequest(problems satisfies FieldProblem[]);
  if (input.text !== undefined || input.sms_limit !== undefined) Object.assign(changes, { encoding: segments.encoding, parts: segments.parts });
  return changes;
}

/**
 * PATCH while New. An approved campaign loses its approval (back to the queue): Core `hold`, then
 * the `PATCH` with the new parameters, then the versioned update.
 */
export async function editCampaign(
  app: AppContext,
  c: CampaignDoc,
  input: PatchCampaignInput,
  opts: { actorId: ObjectId; requestId: string; workspaceWindow: SendingWindow | null },
): Promise<{ campaign: CampaignDoc; changes: Partial<CampaignDoc> }> {
  const changes = await editedFields(app, c, input, opts.requestId);
  const updated = await runTransition(app, c, 'edit', {
    ...opts,
    expectedVersion: input.version,
    // Who changed the content is kept for four eyes (checked on approval).
    extraSet: { ...changes, content_editors: withContentEditor(c, opts.actorId) },
    afterCoreCall: async (current) => {
      if (!current.job_id) return;
      const edited = { ...current, ...changes };
      const rateLimit = await jobRateLimit(app, edited.esme, opts.requestId);
      await app.core.core.patchJob(current.job_id, coreJobParams(edited, opts.workspaceWindow, rateLimit), opts.requestId);
    },
  });
  return { campaign: updated!, changes };
}
