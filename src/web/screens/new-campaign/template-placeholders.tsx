import { useTranslation } from 'react-i18next';
import { looksLikePlaceholder, parseTemplate } from '../../../domain/template.js';

/** A Trigger text's placeholders as they are typed: the variables every trigger call must send. */
export function TemplatePlaceholders({ text }: { text: string }) {
  const { t } = useTranslation();
  const parsed = parseTemplate(text);
  if (!parsed.ok)
    return (
      <p className="field-error" data-testid="template-placeholders">
        {t('wizard.placeholderMalformed', { position: String(parsed.error.index + 1), fragment: parsed.error.fragment, example: '{{name}}' })}
      </p>
    );
  return (
    <p className="muted" data-testid="template-placeholders" aria-live="polite">
      {parsed.placeholders.length === 0 ? t('wizard.noPlaceholders') : t('wizard.placeholdersFound')}{' '}
      {parsed.placeholders.map((name) => (
        <code key={name} className="placeholder-name">{name}</code>
      ))}
    </p>
  );
}

/** Outside Trigger mode braces are not placeholders: the author is told the message goes out as typed (not blocked). */
export function BracesSentAsTyped({ text }: { text: string }) {
  const { t } = useTranslation();
  if (!looksLikePlaceholder(text)) return null;
  return (
    <p className="notice notice-warning" role="status" data-testid="braces-sent-as-typed">
      {t('wizard.bracesSentAsTyped', { example: '{{code}}', trigger: t('mode.Trigger') })}
    </p>
  );
}
