import type { Db, ObjectId } from 'mongodb';
import { coalescedInserts } from '../db/coalescer.js';
import { COLLECTIONS } from '../db/collections.js';
import { isDuplicateKey } from '../db/connection.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import { QUARTER_MS, type ProgressStep } from '../../domain/overview-figures.js';
import { KEEP_MS, type ProgressStepDoc } from './progress-steps.js';

/** Steps recorded this long ago are summarised: by then an insert that started before has landed. */
const SETTLE_MS = 2 * 60_000;
const DAY_MS = 24 * 3_600_000;
/** `meta` document: summaries of every run that ended at or before `until` are complete. */
const MARKER = 'progress_summaries';
const RUN_PREFIX = 'progress_summary_run:';

/**
 * The steps of one workspace in one quarter hour (so a summary lies in one hour of any reader's day) of Core's clock recorded in one summarising run
 * (`_id` = workspace:quarter:run end). Overview reads these instead of every step of the day.
 */
export interface ProgressSummaryDoc extends ProgressStep {
  _id: string;
  workspace_id: ObjectId;
  /** The end of the run that wrote it: counted once the marker reached it. */
  until: Date;
  expires_at: Date;
}

interface MetaDoc {
  _id: string;
  until?: Date;
  from?: Date;
  to?: Date;
}

const summaries = (db: Db) => new TenantCollection<ProgressSummaryDoc>(db, COLLECTIONS.progressSummaries);
const meta = (db: Db) => db.collection<MetaDoc>(COLLECTIONS.meta);

/** Steps recorded before this are in summaries; later ones are read as steps. */
export async function summarisedUntil(db: Db): Promise<Date> {
  return (await meta(db).findOne({ _id: MARKER }))?.until ?? new Date(0);
}

/** One workspace's complete summaries (runs ended by `until`) in [from, to) of Core's clock. */
export async function progressSummariesBetween(db: Db, workspaceId: WorkspaceId, until: Date, from: Date, to: Date): Promise<ProgressStep[]> {
  const found = await summaries(db)
    .find({ workspace_id: workspaceId, at: { $gte: from, $lt: to } }, { projection: { _id: 0, at: 1, sent: 1, delivered: 1, failed: 1, until: 1 } })
    .toArray();
  return found.filter((s) => s.until.getTime() <= until.getTime());
}

/**
 * Sums the steps recorded since the last run (up to a few minutes ago) per workspace and quarter
 * hour, and moves the marker. Safe to run twice at once or again after a crash: the run from a
 * marker is fixed by a unique insert (its end), and a summary's `_id` names its run, so a repeat
 * writes nothing new. Answers how many summaries it wrote.
 */
export async function summariseProgressSteps(db: Db, now = new Date(), settleMs = SETTLE_MS): Promise<number> {
  const from = await summarisedUntil(db);
  const runId = `${RUN_PREFIX}${from.getTime()}`;
  const proposed = new Date(now.getTime() - settleMs);
  if (proposed <= from) return 0;
  await meta(db)
    .insertOne({ _id: runId, from, to: proposed })
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  const to = (await meta(db).findOne({ _id: runId }))?.to ?? proposed;

  const steps = await db
    .collection<ProgressStepDoc>(COLLECTIONS.progressSteps)
    .find({ recorded_at: { $gte: from, $lt: to } }, { projection: { workspace_id: 1, at: 1, sent: 1, delivered: 1, failed: 1 } })
    .toArray();
  const sums = new Map<string, ProgressSummaryDoc>();
  const expires_at = new Date(now.getTime() + KEEP_MS);
  for (const step of steps) {
    const quarter = Math.floor(step.at.getTime() / QUARTER_MS) * QUARTER_MS;
    const _id = `${step.workspace_id.toHexString()}:${quarter}:${to.getTime()}`;
    const sum = sums.get(_id) ?? { _id, workspace_id: step.workspace_id, at: new Date(quarter), sent: 0, delivered: 0, failed: 0, until: to, expires_at };
    sum.sent += step.sent;
    sum.delivered += step.delivered;
    sum.failed += step.failed;
    sums.set(_id, sum);
  }
  const inserts = coalescedInserts(summaries(db).raw);
  const outcomes = await Promise.all([...sums.values()].map((s) => inserts.submit(s)));
  await meta(db).updateOne({ _id: MARKER }, { $set: { until: to } }, { upsert: true });
  // A run's end is needed only while a late twin of it may still run.
  await meta(db).deleteMany({ _id: { $regex: `^${RUN_PREFIX}` }, from: { $lt: new Date(from.getTime() - DAY_MS) } });
  return outcomes.filter((o) => o === 'inserted').length;
}
