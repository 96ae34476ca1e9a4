import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api/client.js';
import { downloadFile, saveFile } from '../api/download.js';
import { ErrorNotice } from './error-notice.js';
import { formatBytes } from './format.js';

/**
 * An export (CSV) as a link that downloads through the console: while it arrives the button says how
 * much has, and a refusal is said in the page's language beside it instead of a browser's failed download.
 */
export function DownloadButton({ href, label, testId, small = false }: { href: string; label: string; testId: string; small?: boolean }) {
  const { t } = useTranslation();
  const [received, setReceived] = useState<number | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setReceived(0);
    try {
      saveFile(await downloadFile(href, setReceived, controller.signal));
    } catch (err) {
      if (!controller.signal.aborted) setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'network_error', String(err)));
    } finally {
      if (!controller.signal.aborted) setReceived(null);
    }
  };

  return (
    <span className="download">
      <a
        className={`btn btn-secondary${small ? ' btn-small' : ''}`}
        href={href}
        download
        data-testid={testId}
        aria-disabled={received !== null}
        onClick={(e) => {
          e.preventDefault();
          if (received === null) void start();
        }}
      >
        {received === null ? label : t('common.downloading', { size: formatBytes(received) })}
      </a>
      <ErrorNotice error={error} />
    </span>
  );
}
