import type { Locale } from '../../contract/users.js';

/** The UI languages, each named in itself. */
export function LanguageSelect({ value, onChange, ...control }: { value: Locale; onChange(locale: Locale): void; id: string; name?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value as Locale)}>
      <option value="en">English</option>
      <option value="ru">Русский</option>
      <option value="uz">Oʻzbekcha</option>
    </select>
  );
}
