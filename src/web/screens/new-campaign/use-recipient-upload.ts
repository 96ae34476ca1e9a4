// One recipient upload as the person follows it: the bytes going up, then the server's processing
// (its `upload` events: lines read, accepted, duplicates) until the result, and Cancel at any point.
import { useRef, useState } from 'react';
import { ApiFailure, get, wsPath } from '../../api/client.js';
import type { Campaign, campaignAnswer, RecipientsSummary, recipientsStatusAnswer, recipientsUploadAnswer } from '../../../contract/campaigns.js';
import { uploadFile, type UploadProgress } from '../../api/upload.js';
import { useWorkspaceEvents } from '../../components/use-workspace-events.js';

/** `processing`: every byte is sent; the server still reads, checks and hands the list to Core. */
export type UploadPhase = 'idle' | 'sending' | 'processing' | 'cancelling';

export interface ProcessingCounts {
  bytes: number;
  lines: number;
  accepted: number;
  invalid: number;
  duplicates: number;
  pendingDedupe: number;
}

/**
 * After Cancel: `kept_previous` when the server dropped the partial list, `finished_first` when the
 * server had already handed the whole list to Core (the new list stands: Core and the campaign agree).
 */
export type CancelOutcome = 'kept_previous' | 'finished_first';

const SETTLE_POLL_MS = 300;
const SETTLE_MAX_POLLS = 400;

const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function useRecipientUpload({ slug, campaign, onUploaded, beforeUpload }: {
  slug: string;
  campaign: Campaign;
  onUploaded(c: Campaign): void;
  beforeUpload(): Promise<void>;
}) {
  const [phase, setPhase] = useState<UploadPhase>('idle');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [processing, setProcessing] = useState<ProcessingCounts | null>(null);
  const [cancelOutcome, setCancelOutcome] = useState<CancelOutcome | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const running = useRef<AbortController | null>(null);
  const campaignPath = wsPath(slug, `/campaigns/${campaign.external_id}`);

  useWorkspaceEvents(slug, (event, name) => {
    if (name !== 'upload' || event.external_id !== campaign.external_id || running.current === null || event.state !== 'running') return;
    setProcessing({
      bytes: count(event.bytes),
      lines: count(event.lines),
      accepted: count(event.accepted),
      invalid: count(event.invalid),
      duplicates: count(event.duplicates),
      pendingDedupe: count(event.pending_dedupe),
    });
  });

  async function upload(file: File): Promise<void> {
    const controller = new AbortController();
    running.current = controller;
    const previous = campaign.recipients;
    setError(null);
    setCancelOutcome(null);
    setProcessing(null);
    setPhase('sending');
    setProgress({ loaded: 0, total: file.size });
    try {
      await beforeUpload();
      controller.signal.throwIfAborted();
      const onProgress = (p: UploadProgress) => {
        setProgress(p);
        if (p.total > 0 && p.loaded >= p.total) setPhase((now) => (now === 'sending' ? 'processing' : now));
      };
      const answer = await uploadFile<typeof recipientsUploadAnswer>(`${campaignPath}/recipients`, file, onProgress, controller.signal);
      onUploaded(answer.campaign);
    } catch (err) {
      if (controller.signal.aborted) await settleCancelled(previous);
      else setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
    } finally {
      running.current = null;
      setPhase('idle');
    }
  }

  /** Waits until the server has let go of the upload, then shows the list it kept. */
  async function settleCancelled(previous: RecipientsSummary | null): Promise<void> {
    try {
      for (let i = 0; i < SETTLE_MAX_POLLS; i++) {
        const status = await get<typeof recipientsStatusAnswer>(`${campaignPath}/recipients/status`);
        if (status.upload.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      }
      const fresh = (await get<typeof campaignAnswer>(campaignPath)).campaign;
      onUploaded(fresh);
      setCancelOutcome(sameList(previous, fresh.recipients) ? 'kept_previous' : 'finished_first');
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
    }
  }

  function cancel(): void {
    if (!running.current) return;
    setPhase('cancelling');
    running.current.abort();
  }

  return { phase, progress, processing, cancelOutcome, error, upload, cancel };
}

function sameList(a: RecipientsSummary | null, b: RecipientsSummary | null): boolean {
  if (a === null || b === null) return a === b;
  return a.file_name === b.file_name && a.bytes === b.bytes && a.accepted === b.accepted && a.invalid === b.invalid && a.duplicates === b.duplicates;
}
