// The campaign state machine of product.md §3 and integration.md: one table of the user's actions,
// one of Core's statuses, and the functions that read them. The server only executes what they decide.
import type { InvalidStateReason } from './error-catalogue.js';
import type { Capability } from './permissions.js';

export const CAMPAIGN_STATUSES = ['New', 'Pending', 'Building', 'Sending', 'Paused', 'Done', 'Failed', 'Expired', 'Cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_MODES = ['OnDemand', 'OnTime', 'Spread', 'Trigger'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];

export const CAMPAIGN_ACTIONS = ['edit', 'submit', 'approve', 'reject', 'start', 'pause', 'resume', 'cancel', 'archive', 'restore', 'delete'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** The capability each action takes (product.md §1); `own`/`not_own` rules are checked on the campaign's creator. */
export const ACTION_CAPABILITY: Readonly<Record<CampaignAction, Capability>> = {
  edit: 'campaign.edit',
  submit: 'campaign.submit',
  approve: 'campaign.moderate',
  reject: 'campaign.moderate',
  start: 'campaign.control',
  pause: 'campaign.control',
  resume: 'campaign.control',
  cancel: 'campaign.control',
  archive: 'campaign.archive',
  restore: 'campaign.archive',
  delete: 'campaign.delete',
};

export const TERMINAL_STATUSES: readonly CampaignStatus[] = ['Done', 'Failed', 'Expired', 'Cancelled'];
/** Statuses in which Core is working on the job (Core's "active": scheduled, building, sending, paused). */
export const ACTIVE_STATUSES: readonly CampaignStatus[] = ['Pending', 'Building', 'Sending', 'Paused'];

export function isTerminal(status: CampaignStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isActive(status: CampaignStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export interface CampaignState {
  status: CampaignStatus;
  submittedAt: Date | null;
  approvedAt: Date | null;
  archivedAt: Date | null;
  autoStart: boolean;
  mode: CampaignMode;
}

/** The Core call a transition makes (integration.md); `hold` is followed by the edit's PATCH. */
export type CoreCall = 'release' | 'start' | 'pause' | 'resume' | 'cancel' | 'delete' | 'hold';

/**
 * What each Core call needs. `needsCoreUp`: refused at once (503) while Core is known to be down —
 * creating or starting work waits for Core. `existingJobOnly`: acts on the job only if Core already
 * has one for the campaign (a campaign whose job was never created is cancelled or deleted in MC
 * alone); the other calls create and link the job first.
 */
export const CORE_CALLS: Readonly<Record<CoreCall, { needsCoreUp: boolean; existingJobOnly: boolean }>> = {
  release: { needsCoreUp: true, existingJobOnly: false },
  start: { needsCoreUp: true, existingJobOnly: false },
  pause: { needsCoreUp: false, existingJobOnly: false },
  resume: { needsCoreUp: false, existingJobOnly: false },
  hold: { needsCoreUp: false, existingJobOnly: false },
  cancel: { needsCoreUp: false, existingJobOnly: true },
  delete: { needsCoreUp: false, existingJobOnly: true },
};

/**
 * A field a transition changes, by what the caller fills in: `now` the time of the action,
 * `actor` the acting user's id, `reason` the rejection reason; null unsets the field.
 */
export type FieldValue = 'now' | 'actor' | 'reason' | null;
export type TransitionField = 'submitted_at' | 'approved_at' | 'approved_by' | 'rejection_reason' | 'archived_at';
export type FieldChanges = Partial<Record<TransitionField, FieldValue>>;

interface Transition {
  action: CampaignAction;
  from: readonly CampaignStatus[];
  /** Conditions beyond the status; an absent key means "either". */
  when: { submitted?: boolean; approved?: boolean; archived?: boolean; autoStart?: boolean };
  /** `same`: the status does not change. */
  to: CampaignStatus | 'same';
  set: FieldChanges;
  coreCall: CoreCall | null;
}

const STOPPED: readonly CampaignStatus[] = ['New', ...TERMINAL_STATUSES];
const NOT_TERMINAL: readonly CampaignStatus[] = ['New', ...ACTIVE_STATUSES];
const approval: FieldChanges = { approved_at: 'now', approved_by: 'actor' };

/**
 * Every allowed transition; the first row that matches wins. An archived campaign only takes
 * restore and delete. Delete removes the record (and Core job): its `to` is `same` so the
 * conditional delete can match on the status read. The edit itself (the Core PATCH) is made
 * by the caller; `hold` before it takes an approved job back to Core's `held`.
 */
export const CAMPAIGN_TRANSITIONS: readonly Transition[] = [
  { action: 'edit', from: ['New'], when: { archived: false, approved: false }, to: 'New', set: {}, coreCall: null },
  { action: 'edit', from: ['New'], when: { archived: false, approved: true }, to: 'New', set: { approved_at: null, approved_by: null }, coreCall: 'hold' },
  { action: 'submit', from: ['New'], when: { archived: false, submitted: false }, to: 'New', set: { submitted_at: 'now' }, coreCall: null },
  { action: 'approve', from: ['New'], when: { archived: false, submitted: true, approved: false, autoStart: true }, to: 'Pending', set: approval, coreCall: 'release' },
  { action: 'approve', from: ['New'], when: { archived: false, submitted: true, approved: false, autoStart: false }, to: 'New', set: approval, coreCall: 'release' },
  { action: 'reject', from: ['New'], when: { archived: false, submitted: true, approved: false }, to: 'Cancelled', set: { rejection_reason: 'reason' }, coreCall: 'cancel' },
  { action: 'start', from: ['New'], when: { archived: false, approved: true }, to: 'Pending', set: {}, coreCall: 'start' },
  { action: 'pause', from: ['Sending'], when: {}, to: 'Paused', set: {}, coreCall: 'pause' },
  { action: 'resume', from: ['Paused'], when: {}, to: 'Sending', set: {}, coreCall: 'resume' },
  { action: 'cancel', from: NOT_TERMINAL, when: { archived: false }, to: 'Cancelled', set: {}, coreCall: 'cancel' },
  { action: 'archive', from: STOPPED, when: { archived: false }, to: 'same', set: { archived_at: 'now' }, coreCall: null },
  { action: 'restore', from: CAMPAIGN_STATUSES, when: { archived: true }, to: 'same', set: { archived_at: null }, coreCall: null },
  { action: 'delete', from: STOPPED, when: {}, to: 'same', set: {}, coreCall: 'delete' },
];

export type TransitionPlan =
  | { ok: true; nextStatus: CampaignStatus; set: FieldChanges; coreCall: CoreCall | null }
  | { ok: false; code: 'invalid_state'; message: string };

function matches(row: Transition, campaign: CampaignState, action: CampaignAction): boolean {
  const { when } = row;
  return (
    row.action === action &&
    row.from.includes(campaign.status) &&
    (when.submitted === undefined || when.submitted === (campaign.submittedAt !== null)) &&
    (when.approved === undefined || when.approved === (campaign.approvedAt !== null)) &&
    (when.archived === undefined || when.archived === (campaign.archivedAt !== null)) &&
    (when.autoStart === undefined || when.autoStart === campaign.autoStart)
  );
}

/** Which transition `action` makes from `campaign`'s state, or why it cannot (→ 422 invalid_state). */
export function planTransition(campaign: CampaignState, action: CampaignAction): TransitionPlan {
  const row = CAMPAIGN_TRANSITIONS.find((candidate) => matches(candidate, campaign, action));
  if (!row) return { ok: false, code: 'invalid_state', message: refusalMessage(campaign, action) };
  return { ok: true, nextStatus: row.to === 'same' ? campaign.status : row.to, set: { ...row.set }, coreCall: row.coreCall };
}

function refusalMessage(campaign: CampaignState, action: CampaignAction): string {
  const { status } = campaign;
  if (campaign.archivedAt !== null && action !== 'archive') return 'Restore the campaign from the archive first';
  switch (action) {
    case 'edit':
      return `A campaign can only be edited while it is New (it is ${status})`;
    case 'submit':
      return status === 'New' ? 'The campaign has already been submitted' : `A ${status} campaign cannot be submitted`;
    case 'approve':
    case 'reject':
      if (status !== 'New') return `A ${status} campaign is not awaiting moderation`;
      return campaign.approvedAt !== null ? 'The campaign has already been approved' : 'The campaign has not been submitted for approval';
    case 'start':
      return status === 'New' ? 'The campaign must be approved before it can start' : `A ${status} campaign cannot be started`;
    case 'pause':
      return `Only a Sending campaign can be paused (it is ${status})`;
    case 'resume':
      return `Only a Paused campaign can be resumed (it is ${status})`;
    case 'cancel':
      return `The campaign has already finished (${status})`;
    case 'archive':
      return campaign.archivedAt !== null ? 'The campaign is already archived' : 'Stop the campaign before archiving it';
    case 'restore':
      return 'The campaign is not archived';
    case 'delete':
      return 'Cancel the campaign before deleting it';
  }
}

/** Fills in a plan's field changes: `set` for `$set`, `unset` for `$unset`. */
export function resolveFieldChanges(
  changes: FieldChanges,
  input: { now: Date; actorId: string; reason?: string },
): { set: Partial<Record<TransitionField, Date | string>>; unset: TransitionField[] } {
  const set: Partial<Record<TransitionField, Date | string>> = {};
  const unset: TransitionField[] = [];
  for (const [field, value] of Object.entries(changes) as Array<[TransitionField, FieldValue]>) {
    if (value === null) unset.push(field);
    else if (value === 'now') set[field] = input.now;
    else if (value === 'actor') set[field] = input.actorId;
    else if (input.reason === undefined) throw new Error(`a reason is required to set ${field}`);
    else set[field] = input.reason;
  }
  return { set, unset };
}

export const CORE_JOB_STATUSES = ['held', 'ready', 'scheduled', 'building', 'sending', 'paused', 'done', 'failed', 'expired', 'cancelled'] as const;
export type CoreJobStatus = (typeof CORE_JOB_STATUSES)[number];

export function isCoreJobStatus(value: string): value is CoreJobStatus {
  return (CORE_JOB_STATUSES as readonly string[]).includes(value);
}

const CORE_TO_MC: Readonly<Record<CoreJobStatus, { status: CampaignStatus; approved?: boolean }>> = {
  held: { status: 'New', approved: false },
  ready: { status: 'New', approved: true },
  scheduled: { status: 'Pending' },
  building: { status: 'Building' },
  sending: { status: 'Sending' },
  paused: { status: 'Paused' },
  done: { status: 'Done' },
  failed: { status: 'Failed' },
  expired: { status: 'Expired' },
  cancelled: { status: 'Cancelled' },
};

/** MC's status for a Core job status (integration.md); `approved` only where Core's status tells it. */
export function mapCoreStatus(coreStatus: CoreJobStatus): { status: CampaignStatus; approved?: boolean } {
  return { ...CORE_TO_MC[coreStatus] };
}

/** Why a campaign is paused: by a user's action, or as Core reported it (a sending window, an operator). */
export type PauseReason = string | null;

/**
 * What MC stores when Core reports a job's status — polled, or answered to a call: the mapped status,
 * and the pause reason only while Paused. MC never invents a post-approval status (integration.md).
 */
export function coreReport(report: { status: CoreJobStatus; pauseReason: PauseReason }): { status: CampaignStatus; pauseReason: PauseReason } {
  const { status } = CORE_TO_MC[report.status];
  return { status, pauseReason: status === 'Paused' ? report.pauseReason : null };
}

/**
 * What MC stores when Core answers 404 for a campaign's linked job while MC holds it active: Core
 * lost the job (its data lost, the job purged), so nothing will ever send it — the campaign failed.
 * Only a 404 says so; Core down (timeouts, 5xx) never fails a campaign (docs/decisions.md).
 */
export const CORE_JOB_LOST = { status: 'Failed', pauseReason: null, coreError: 'Core no longer has this job' } as const satisfies {
  status: CampaignStatus;
  pauseReason: PauseReason;
  coreError: string;
};

/**
 * The status and pause reason a transition writes. With a Core call that reached the job, the
 * status is the one Core answered; without one (nothing in Core yet, or no call) it is the table's.
 * A pause the user asked for is paused by the user.
 */
export function transitionOutcome(
  plan: Extract<TransitionPlan, { ok: true }>,
  action: CampaignAction,
  current: { pauseReason: PauseReason },
  coreAnswer: CoreJobStatus | null,
): { status: CampaignStatus; pauseReason: PauseReason } {
  const status = coreAnswer === null ? plan.nextStatus : CORE_TO_MC[coreAnswer].status;
  if (status !== 'Paused') return { status, pauseReason: null };
  return { status, pauseReason: action === 'pause' ? 'user' : current.pauseReason };
}

/** A submitted campaign nobody has decided on yet: the moderation queue. */
export function awaitingModeration(campaign: Pick<CampaignState, 'status' | 'submittedAt' | 'approvedAt' | 'archivedAt'>): boolean {
  return campaign.archivedAt === null && campaign.status === 'New' && campaign.submittedAt !== null && campaign.approvedAt === null;
}

/** A refusal says which `invalid_state` reason of the error catalogue applies, with the status it names. */
export type StateCheck = { ok: true } | { ok: false; reason: InvalidStateReason; status?: CampaignStatus };

/** May the recipient list be replaced now? Only the file of an unapproved New campaign (Core takes it only while held). */
export function recipientsReplaceable(campaign: Pick<CampaignState, 'status' | 'approvedAt' | 'mode'>): StateCheck {
  if (campaign.mode === 'Trigger') return { ok: false, reason: 'trigger_has_no_file' };
  if (campaign.status !== 'New') return { ok: false, reason: 'recipients_not_new', status: campaign.status };
  if (campaign.approvedAt !== null) return { ok: false, reason: 'recipients_approved' };
  return { ok: true };
}

/** May a Trigger campaign take numbers now? Once approved and started, until it ends (product.md §5). */
export function acceptsTriggerNumbers(campaign: Pick<CampaignState, 'status' | 'approvedAt' | 'mode'>): StateCheck {
  if (campaign.mode !== 'Trigger') return { ok: false, reason: 'campaign_not_trigger' };
  if (isTerminal(campaign.status)) return { ok: false, reason: 'campaign_ended', status: campaign.status };
  if (campaign.approvedAt === null || campaign.status === 'New') return { ok: false, reason: 'campaign_not_started' };
  return { ok: true };
}

export type CampaignBadge = 'draft' | 'awaiting_approval' | 'approved_start' | CampaignStatus;

/** The Campaigns list badge: New splits into Draft / Waiting for approval / Approved — Start. */
export function badgeFor(campaign: Pick<CampaignState, 'status' | 'submittedAt' | 'approvedAt'>): CampaignBadge {
  if (campaign.status !== 'New') return campaign.status;
  if (campaign.approvedAt !== null) return 'approved_start';
  return campaign.submittedAt !== null ? 'awaiting_approval' : 'draft';
}
