import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

/** A secret shown once (invitation link, API token), selectable and copyable. */
export function OnceSecret({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-success secret" role="status">
      <p>{label}</p>
      <div className="row">
        <input readOnly className="mono" value={value} aria-label={label} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={value} />
      </div>
      <p className="small">{t('common.shownOnce')}</p>
    </div>
  );
}
