import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { UploadProcessing } from './upload-processing.js';
import { UploadResult } from './upload-result.js';
import { useRecipientUpload } from './use-recipient-upload.js';

/**
 * Streams the file to PUT …/recipients with a real progress bar, then follows the server's processing
 * until the result; Cancel drops the partial list (the previous one stays). Replacing the file is
 * allowed while New (an approved campaign is first sent back to moderation by `beforeUpload`).
 */
export function StepRecipients(props: {
  slug: string;
  campaign: Campaign;
  onUploaded(c: Campaign): void;
  beforeUpload(): Promise<void>;
}) {
  const { t } = useTranslation();
  const { phase, progress, processing, cancelOutcome, error, upload, cancel } = useRecipientUpload(props);
  const busy = phase !== 'idle';
  const { campaign } = props;
  const input = useRef<HTMLInputElement>(null);
  // The Cancel button is gone once the upload has stopped: the keyboard goes back to the file field.
  useEffect(() => {
    if (cancelOutcome && !busy) input.current?.focus();
  }, [cancelOutcome, busy]);

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="recipients-file">{t('recipients.chooseFile')}</label>
        <input
          ref={input}
          id="recipients-file"
          type="file"
          accept=".txt,.csv,text/plain,text/csv"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // choosing the same file again after a cancel uploads it again
            if (file) void upload(file);
          }}
        />
        <div className="field-hint">{t('recipients.hint')}</div>
      </div>
      {progress && <ProgressBar label={t('recipients.uploading')} value={progress.loaded} max={progress.total || 1} testId="upload-progress" />}
      {phase === 'processing' && progress && <UploadProcessing counts={processing} fileBytes={progress.total} />}
      {(phase === 'sending' || phase === 'processing') && (
        <div className="row">
          <button type="button" className="btn btn-secondary" data-testid="upload-cancel" onClick={cancel}>
            {t('recipients.cancel')}
          </button>
        </div>
      )}
      {phase === 'cancelling' && <p role="status" data-testid="upload-cancelling">{t('recipients.cancelling')}</p>}
      {cancelOutcome && !busy && (
        <p className="notice" role="status" data-testid="upload-cancelled">
          {cancelOutcome === 'finished_first' ? t('recipients.finishedBeforeCancel') : campaign.recipients ? t('recipients.cancelledKept') : t('recipients.cancelledNone')}
        </p>
      )}
      <ErrorNotice error={error} />
      {campaign.recipients && !busy && <UploadResult summary={campaign.recipients} />}
    </div>
  );
}
