import type { Presented } from '../../contract/common.js';
import type { Campaign } from '../../contract/campaigns.js';
import type { Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import type { Versioned } from '../db/claims.js';
import type { SendingWindow } from '../workspaces/workspace-store.js';
import { awaitingModeration, badgeFor, type CampaignMode, type CampaignState, type CampaignStatus } from '../../domain/campaign-lifecycle.js';
import type { SmsEncoding } from '../../domain/message-text.js';

export interface CampaignSender {
  sender_name_id: ObjectId;
  revision_id: ObjectId;
  saddr: string;
  ston: number;
  snpi: number;
  dton: number;
  dnpi: number;
}

export interface CampaignRecipients {
  file_name: string;
  bytes: number;
  accepted: number;
  invalid: number;
  duplicates: number;
  sample_errors: Array<{ line: number; value: string; reason: string }>;
}

export interface CampaignProgress {
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  updated_at: Date | null;
}

export interface CampaignDoc extends Versioned {
  _id: ObjectId;
  external_id: string;
  /** Core's id; null until Core accepted the job (the reconciler links or creates it). */
  job_id: string | null;
  workspace_id: WorkspaceId;
  name: string;
  mode: CampaignMode;
  sender: CampaignSender;
  esme: string;
  strategy: string | null;
  text: string;
  encoding: SmsEncoding;
  parts: number;
  sms_limit: number;
  start_at: Date | null;
  end_at: Date | null;
  daily_time: string | null;
  sending_window: SendingWindow | null;
  auto_start: boolean;
  recipients: CampaignRecipients | null;
  progress: CampaignProgress;
  status: CampaignStatus;
  /** What Core last said about a pause (`user` | `sending_window`), or its error for Failed. */
  pause_reason: string | null;
  core_error: string | null;
  submitted_at: Date | null;
  approved_by: ObjectId | null;
  approved_at: Date | null;
  rejection_reason: string | null;
  archived_at: Date | null;
  created_by: ObjectId;
  /**
   * Four eyes: the creator and everyone who changed what is sent (text, sender, recipients,
   * schedule). Absent on campaigns saved before it was kept: then the creator alone.
   */
  content_editors?: ObjectId[];
  created_at: Date;
  updated_at: Date;
  /**
   * The workspace window change (its `window_sync_due`) this campaign's Core job has taken, or
   * cannot take (already sending, finished): campaign-window-sync.ts. Absent until the first change.
   */
  core_window_synced?: Date;
  /** Set while a window pass holds the job: how to release it (`auto_start`) when the pass resumes. */
  core_window_release?: boolean;
  /** Derived, for equality-keyed list queries (FerretDB pushes down only equality). */
  archived: boolean;
  /** Derived: New, submitted, not approved, not archived — the Moderation queue. */
  moderation_queue: boolean;
}

export const campaignsCollection = (db: Db) => new TenantCollection<CampaignDoc>(db, COLLECTIONS.campaigns);

type DerivedInput = Pick<CampaignDoc, 'status' | 'submitted_at' | 'approved_at' | 'archived_at'>;

/** The derived fields for a campaign's state; every write that changes the state sets them too. */
export function derivedFields(c: DerivedInput): Pick<CampaignDoc, 'archived' | 'moderation_queue'> {
  const state = { status: c.status, submittedAt: c.submitted_at, approvedAt: c.approved_at, archivedAt: c.archived_at };
  return { archived: c.archived_at !== null, moderation_queue: awaitingModeration(state) };
}

export function lifecycleState(c: CampaignDoc): CampaignState {
  return { status: c.status, submittedAt: c.submitted_at, approvedAt: c.approved_at, archivedAt: c.archived_at, autoStart: c.auto_start, mode: c.mode };
}

/** Who created or changed the campaign's content, as user ids (checkFourEyes). */
export function contentEditorsOf(c: Pick<CampaignDoc, 'created_by' | 'content_editors'>): string[] {
  return (c.content_editors ?? [c.created_by]).map((id) => id.toHexString());
}

/** The editors list with `userId` added (each user once). */
export function withContentEditor(c: Pick<CampaignDoc, 'created_by' | 'content_editors'>, userId: ObjectId): ObjectId[] {
  const editors = c.content_editors ?? [c.created_by];
  return editors.some((id) => id.equals(userId)) ? editors : [...editors, userId];
}

export function findCampaign(db: Db, workspaceId: WorkspaceId, externalId: string): Promise<CampaignDoc | null> {
  return campaignsCollection(db).findOne({ workspace_id: workspaceId, external_id: externalId });
}

/** By external_id alone (unique): for a retried create and the poller, which then check the workspace. */
export function findCampaignAnywhere(db: Db, externalId: string): Promise<CampaignDoc | null> {
  return campaignsCollection(db).raw.findOne({ external_id: externalId });
}

export function publicCampaign(c: CampaignDoc): Presented<Campaign> {
  return {
    external_id: c.external_id,
    job_id: c.job_id ?? null,
    workspace_id: c.workspace_id.toHexString(),
    name: c.name,
    mode: c.mode,
    sender: { ...c.sender, sender_name_id: c.sender.sender_name_id.toHexString(), revision_id: c.sender.revision_id.toHexString() },
    esme: c.esme,
    strategy: c.strategy,
    text: c.text,
    encoding: c.encoding,
    parts: c.parts,
    sms_limit: c.sms_limit,
    start_at: c.start_at,
    end_at: c.end_at,
    daily_time: c.daily_time,
    sending_window: c.sending_window,
    auto_start: c.auto_start,
    recipients: c.recipients,
    progress: c.progress,
    status: c.status,
    badge: badgeFor({ status: c.status, submittedAt: c.submitted_at, approvedAt: c.approved_at }),
    pause_reason: c.pause_reason,
    core_error: c.core_error,
    submitted_at: c.submitted_at,
    approved_by: c.approved_by?.toHexString() ?? null,
    approved_at: c.approved_at,
    rejection_reason: c.rejection_reason,
    archived_at: c.archived_at,
    created_by: c.created_by.toHexString(),
    content_editors: contentEditorsOf(c),
    created_at: c.created_at,
    updated_at: c.updated_at,
    version: c.version,
  };
}
export type PublicCampaign = ReturnType<typeof publicCampaign>;
