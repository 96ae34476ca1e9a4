import type { AppContext } from '../app-context.js';
import { parseObjectId, type WorkspaceId } from '../db/tenant.js';
import type { FieldProblem } from '../http/validation.js';
import { offeredEsmes, offeredStrategies } from '../presets/sending-options.js';
import { revisionsCollection, sendersCollection } from '../senders/sender-store.js';
import type { CampaignSender } from './campaign-store.js';

/** The snapshot of an approved, active sender's current revision, or why it cannot be chosen. */
export async function senderSnapshot(app: AppContext, workspaceId: WorkspaceId, senderId: string): Promise<CampaignSender | FieldProblem> {
  const problem = (reason: string): FieldProblem => ({ path: 'body.sender_id', reason, rule: 'sender_not_approved' });
  const oid = parseObjectId(senderId);
  const sender = oid && (await sendersCollection(app.db).findOne({ _id: oid, workspace_id: workspaceId }));
  if (!sender) return problem('no such sender name in this workspace');
  if (sender.status === 'archived') return problem('the sender name is archived');
  if (sender.status !== 'approved' || !sender.current_revision_id) return problem('the sender name is not approved');
  const revision = await revisionsCollection(app.db).findOne({ _id: sender.current_revision_id, workspace_id: workspaceId });
  if (!revision || revision.status !== 'approved') return problem('the sender name is not approved');
  const { saddr, ston, snpi, dton, dnpi } = revision;
  return { sender_name_id: sender._id, revision_id: revision._id, saddr, ston, snpi, dton, dnpi };
}

export const isFieldProblem = (value: unknown): value is FieldProblem =>
  typeof value === 'object' && value !== null && 'path' in value && 'reason' in value;

/** The ESME and strategy must be offered (the Proxy's lists narrowed by the presets). */
export async function checkSendingChoice(app: AppContext, esme: string, strategy: string | null, requestId: string): Promise<FieldProblem[]> {
  const esmes = await offeredEsmes(app, requestId);
  if (!esmes.some((e) => e.id === esme)) return [{ path: 'body.esme', reason: 'not an offered ESME', rule: 'not_offered' }];
  if (strategy === null) return [];
  const strategies = (await offeredStrategies(app, esme, requestId)) ?? [];
  return strategies.some((s) => s.id === strategy) ? [] : [{ path: 'body.strategy', reason: 'not an offered strategy for this ESME', rule: 'not_offered' }];
}
