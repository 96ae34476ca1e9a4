import { useTranslation } from 'react-i18next';

export const STEP_KEYS = ['mode', 'parameters', 'recipients', 'schedule', 'review'] as const;

export function WizardSteps({ current, skipped }: { current: number; skipped: number[] }) {
  const { t } = useTranslation();
  return (
    <ol className="steps">
      {STEP_KEYS.map((key, i) => {
        const n = i + 1;
        const state = n === current ? 'current' : n < current ? 'done' : 'todo';
        return (
          <li key={key} className={`step step-${state}${skipped.includes(n) ? ' step-skipped' : ''}`} aria-current={n === current ? 'step' : undefined}>
            <span className="step-number">{n}</span>
            <span className="step-label">{t(`wizard.steps.${key}`)}</span>
            {skipped.includes(n) && <span className="sr-only"> {t('wizard.stepSkipped')}</span>}
          </li>
        );
      })}
    </ol>
  );
}
