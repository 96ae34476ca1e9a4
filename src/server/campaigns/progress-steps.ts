import type { Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { coalescedInserts, type Coalescer, type InsertOutcome } from '../db/coalescer.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import { progressGrowth, type Counters, type ProgressStep } from '../../domain/overview-figures.js';

/** Steps are kept 8 days: Overview reads at most the last 24 hours and the browser's day. */
export const KEEP_MS = 8 * 24 * 3_600_000;

/**
 * How much one campaign's counters grew from one report of Core to the next, as the status poller
 * saw it (docs/campaigns.md "Overview"). Insert-only: `_id` is the campaign and the counters it
 * grew from, so each state of a campaign has at most one step out of it — the insert is the claim
 * that makes exactly one writer record it, even when two pollers overlap or one died half-way.
 */
export interface ProgressStepDoc extends ProgressStep {
  _id: string;
  workspace_id: ObjectId;
  /** The counters after the step: where a writer that lost the claim brings the campaign. */
  to: Counters;
  /** When this server recorded it (its own clock): what the summaries are cut by (progress-summaries.ts). */
  recorded_at: Date;
  /** Removed after this (TTL index or the expiry sweeper). */
  expires_at: Date;
}

export const progressStepsCollection = (db: Db) => new TenantCollection<ProgressStepDoc>(db, COLLECTIONS.progressSteps);

/** The poller applies many changes at once: their steps share insert round trips (group commit). */
const inserters = new WeakMap<Db, Coalescer<ProgressStepDoc, InsertOutcome>>();
function stepInserts(db: Db): Coalescer<ProgressStepDoc, InsertOutcome> {
  let inserts = inserters.get(db);
  if (!inserts) inserters.set(db, (inserts = coalescedInserts(progressStepsCollection(db).raw)));
  return inserts;
}

const stepId = (campaignId: ObjectId, from: Counters) => `${campaignId.toHexString()}:${from.sent}:${from.delivered}:${from.failed}`;
const sameCounters = (a: Counters, b: Counters) => a.sent === b.sent && a.delivered === b.delivered && a.failed === b.failed;

export type StepOutcome =
  /** Nothing grew: no step. */
  | { kind: 'none' }
  /** The step from `from` to the reported counters is recorded (by this writer or an identical one). */
  | { kind: 'recorded' }
  /** Another writer recorded a different step out of `from`: the campaign must be brought to `to` first. */
  | { kind: 'behind'; to: Counters; at: Date };

/**
 * Records the step of campaign `campaignId` from the counters the database holds (`from`) to the
 * counters Core reported at `at` (Core's clock). Call it before writing the new counters.
 */
export async function recordProgressStep(db: Db, workspaceId: WorkspaceId, campaignId: ObjectId, from: Counters, to: Counters, at: Date): Promise<StepOutcome> {
  const growth = progressGrowth(from, to);
  if (!growth) return { kind: 'none' };
  const steps = progressStepsCollection(db);
  const _id = stepId(campaignId, from);
  const counters = { sent: to.sent, delivered: to.delivered, failed: to.failed };
  const now = Date.now();
  const step = { _id, workspace_id: workspaceId, at, ...growth, to: counters, recorded_at: new Date(now), expires_at: new Date(now + KEEP_MS) };
  if ((await stepInserts(db).submit(step)) === 'inserted') return { kind: 'recorded' };
  const taken = await steps.findOne({ _id, workspace_id: workspaceId });
  if (!taken || sameCounters(taken.to, counters)) return { kind: 'recorded' };
  return { kind: 'behind', to: taken.to, at: taken.at };
}

/**
 * One workspace's steps recorded since `recordedFrom` (those no summary holds yet), stamped in
 * [from, until) of Core's clock (the `workspace_recorded` index).
 */
export function progressStepsRecordedSince(db: Db, workspaceId: WorkspaceId, recordedFrom: Date, from: Date, until: Date) {
  return progressStepsCollection(db)
    .find(
      { workspace_id: workspaceId, recorded_at: { $gte: recordedFrom }, at: { $gte: from, $lt: until } },
      { projection: { _id: 0, at: 1, sent: 1, delivered: 1, failed: 1 } },
    )
    .toArray() as Promise<ProgressStep[]>;
}
