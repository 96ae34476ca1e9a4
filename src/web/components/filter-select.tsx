import { useTranslation } from 'react-i18next';

/** A filter-bar dropdown whose empty value means "All". */
export function FilterSelect({ label, value, onChange, options }: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}
