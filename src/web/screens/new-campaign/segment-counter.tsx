import { useTranslation } from 'react-i18next';
import { countSegments, MAX_TEXT_LENGTH } from '../../../domain/message-text.js';
import { formatNumber } from '../../components/format.js';

/** Live: encoding, characters, parts against the SMS limit, and what forced UCS-2. */
export function SegmentCounter({ text, smsLimit }: { text: string; smsLimit: number }) {
  const { t } = useTranslation();
  const count = countSegments(text);
  const over = count.parts > smsLimit || count.characters > MAX_TEXT_LENGTH;
  return (
    <div className={`segment-counter${over ? ' over' : ''}`} data-testid="segment-counter" aria-live="polite">
      <span>{t('wizard.encoding')}: <strong>{count.encoding}</strong></span>
      <span>{t('wizard.characters')}: <strong>{formatNumber(count.characters)}</strong> / {formatNumber(MAX_TEXT_LENGTH)}</span>
      <span>{t('wizard.parts')}: <strong data-testid="segment-parts">{count.parts}</strong> / {smsLimit}</span>
      <span>{t('wizard.remaining')}: <strong>{count.remainingInPart}</strong></span>
      {count.nonGsmChars.length > 0 && (
        <span className="segment-ucs">
          {t('wizard.nonGsm')}: <code>{count.nonGsmChars.join(' ')}</code>
        </span>
      )}
    </div>
  );
}

export function textProblem(text: string, smsLimit: number): 'required' | 'tooLong' | 'tooManyParts' | null {
  if (!text.trim()) return 'required';
  const count = countSegments(text);
  if (count.characters > MAX_TEXT_LENGTH) return 'tooLong';
  if (count.parts > smsLimit) return 'tooManyParts';
  return null;
}
