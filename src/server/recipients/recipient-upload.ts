// One recipient upload: the request body streams through ingestion straight into Core's upload
// (docs/recipients.md), then the counts are recorded on the campaign.
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import type { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { campaignsCollection, withContentEditor, type CampaignDoc, type CampaignRecipients } from '../campaigns/campaign-store.js';
import { updateIfVersion } from '../db/claims.js';
import { ApiError, conflict, notFound } from '../http/errors.js';
import { BinaryFileError, PayloadTooLargeError } from './ingest/errors.js';
import { IngestAbandonedError, ingestRecipients, type IngestResult } from './ingest/ingest-recipients.js';
import { UploadTracker } from './upload-progress.js';

export interface UploadRequest {
  app: AppContext;
  campaign: CampaignDoc & { job_id: string };
  body: Readable;
  /** Content-Length, if the client declared it. */
  expectedBytes: number | null;
  fileName: string;
  /** Who uploads: kept among the campaign's content editors (four eyes). */
  actorId: ObjectId;
  requestId: string;
  /** Aborted when the client goes away: ingestion stops, the Core upload is aborted (Core keeps its old list). */
  signal: AbortSignal;
  /**
   * Frees the upload's slot and campaign lease. Called before the outcome is published, so whoever
   * hears it (the console, a retry) finds the temporary files gone and may upload again at once.
   */
  releaseSlot(): Promise<void>;
}

export interface UploadOutcome {
  campaign: CampaignDoc;
  recipients: CampaignRecipients;
  result: IngestResult;
}

/** The answer for an upload the client made too large. `connection: close`: the rest is never read. */
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError('payload_too_large', { limit_bytes: limitBytes }, { connection: 'close' });

function ingestFailure(err: unknown): unknown {
  if (err instanceof PayloadTooLargeError) return payloadTooLarge(err.limitBytes);
  if (err instanceof BinaryFileError) return new ApiError('binary_file');
  return err;
}

export async function uploadRecipients(req: UploadRequest): Promise<UploadOutcome> {
  const { app, campaign } = req;
  const tracker = new UploadTracker(campaign._id.toHexString(), campaign.workspace_id.toHexString(), campaign.external_id, req.fileName, req.expectedBytes);
  try {
    const ingestion = ingestRecipients(
      // Not destroyed when ingestion stops early: the socket must stay up to carry the 413.
      countedBytes(req.body.iterator({ destroyOnReturn: false }), app.metrics.uploadBytes),
      {
        defaultCountryCode: app.config.DEFAULT_COUNTRY_CODE,
        localNumberLength: app.config.LOCAL_NUMBER_LENGTH,
        maxBytes: app.config.UPLOAD_MAX_BYTES,
        dedupeMemoryBytes: app.config.UPLOAD_DEDUPE_MEMORY_MB * 1024 * 1024,
        tmpDir: app.config.TMPDIR ?? tmpdir(),
        onProgress: (p) => tracker.progress(p),
        signal: req.signal,
      },
    );
    const [core] = await Promise.allSettled([app.core.core.uploadRecipients(campaign.job_id, ingestion.output, req.requestId)]);
    if (core.status === 'rejected') closeUnread(ingestion.output);
    // After a Core failure the ingestion may still wait for the client's next chunk before it can
    // stop; the answer does not wait for that (its `connection: close` ends the body, and the
    // ingestion's own clean-up still runs then).
    const ingest = await settledWithin(ingestion.result, core.status === 'rejected' ? CORE_FAILURE_GRACE_MS : Infinity);
    // A failure on our side (too large, binary, client gone) also fails the Core request; it is the real cause.
    // (The Core client tells a failure of our own body apart and does not mark Core down for it.)
    if (ingest.status === 'rejected' && !(ingest.reason instanceof IngestAbandonedError)) throw ingestFailure(ingest.reason);
    if (core.status === 'rejected') throw core.reason;
    if (ingest.status !== 'fulfilled') throw ingest.status === 'rejected' ? ingest.reason : new Error('ingestion did not finish after Core accepted the list');
    const result = ingest.value;
    if (core.value.received !== result.accepted)
      app.logger.error({ campaign: campaign.external_id, received: core.value.received, accepted: result.accepted, requestId: req.requestId }, 'Core counted a different number of recipients');
    const recipients: CampaignRecipients = {
      file_name: req.fileName,
      bytes: result.bytes,
      accepted: result.accepted,
      invalid: result.invalid,
      duplicates: result.duplicates,
      sample_errors: result.sampleErrors,
    };
    const updated = await recordRecipients(app, campaign, recipients, req.actorId);
    await req.releaseSlot();
    tracker.finish({ spilled: result.spilled });
    return { campaign: updated, recipients, result };
  } catch (err) {
    // Ingestion has settled by now (its spill files are gone), and Core discarded the partial list.
    const failure = req.signal.aborted && !(err instanceof ApiError) ? new ApiError('upload_cancelled') : err;
    await req.releaseSlot();
    tracker.finish({ error: failure instanceof ApiError ? failure.code : 'failed' });
    throw failure;
  }
}

const CORE_FAILURE_GRACE_MS = 2_000;

/** Counts the body into `mc_upload_bytes_total` as it arrives (throughput while uploads run). */
async function* countedBytes(body: AsyncIterable<Uint8Array>, counter: { inc(bytes: number): void }): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    counter.inc(chunk.byteLength);
    yield chunk;
  }
}

/** Tells the ingestion nobody reads its output any more (the Core client may never have started reading it). */
function closeUnread(output: AsyncIterable<Buffer>): void {
  output[Symbol.asyncIterator]()
    .return?.()
    .catch(() => undefined);
}

type Settled<T> = PromiseSettledResult<T> | { status: 'pending' };

function settledWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  const settled = Promise.allSettled([promise]).then(([outcome]) => outcome!);
  if (ms === Infinity) return settled;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => (timer = setTimeout(() => resolve({ status: 'pending' }), ms)));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

const RECORD_ATTEMPTS = 5;

/**
 * Stores the counts of the list Core now holds. A versioned update (one winner per version), but a
 * lost race is retried on the fresh version rather than refused: Core already replaced its list,
 * so the summary must follow whatever else changed meanwhile (the last complete upload wins).
 */
async function recordRecipients(app: AppContext, campaign: CampaignDoc, recipients: CampaignRecipients, actorId: ObjectId): Promise<CampaignDoc> {
  const coll = campaignsCollection(app.db);
  let current: CampaignDoc | null = campaign;
  for (let attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
    const filter = { _id: current._id, workspace_id: current.workspace_id, version: current.version };
    const updated = await updateIfVersion(coll, filter, { $set: { recipients, content_editors: withContentEditor(current, actorId), updated_at: new Date() } });
    if (updated) return updated;
    await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
    current = await coll.findOne({ _id: campaign._id, workspace_id: campaign.workspace_id });
    if (!current) throw notFound();
  }
  throw conflict('upload_outdated');
}
