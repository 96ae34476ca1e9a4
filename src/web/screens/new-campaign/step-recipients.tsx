import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, wsPath } from '../../api/client.js';
import type { Campaign, recipientsUploadAnswer } from '../../../contract/campaigns.js';
import { uploadFile } from '../../api/upload.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ProgressBar } from '../../components/progress-bar.js';
import { UploadResult } from './upload-result.js';

/**
 * Streams the file to PUT …/recipients with a real progress bar; replacing the file is allowed while
 * New (an approved campaign is first sent back to moderation by `beforeUpload`).
 */
export function StepRecipients({ slug, campaign, onUploaded, beforeUpload }: {
  slug: string;
  campaign: Campaign;
  onUploaded(c: Campaign): void;
  beforeUpload(): Promise<void>;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    setError(null);
    setBusy(true);
    setProgress({ loaded: 0, total: file.size });
    try {
      await beforeUpload();
      const answer = await uploadFile<typeof recipientsUploadAnswer>(wsPath(slug, `/campaigns/${campaign.external_id}/recipients`), file, setProgress);
      onUploaded(answer.campaign);
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
    } finally {
      setBusy(false);
    }
  }

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
            if (file) void upload(file);
          }}
        />
        <div className="field-hint">{t('recipients.hint')}</div>
      </div>
      {progress && <ProgressBar label={t('recipients.uploading')} value={progress.loaded} max={progress.total || 1} testId="upload-progress" />}
      <ErrorNotice error={error} />
      {campaign.recipients && !busy && <UploadResult summary={campaign.recipients} />}
    </div>
  );
}
