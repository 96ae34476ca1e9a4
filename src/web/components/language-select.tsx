import type { Locale } from '../../contract/users.js';
import { CONSOLE_LANGUAGES, consoleLocale, type ConsoleLocale } from '../i18n/languages.js';

/** The console's languages, each named in itself; a stored locale the console does not offer shows as the one it is read in. */
export function LanguageSelect({ value, onChange, ...control }: { value: Locale; onChange(locale: ConsoleLocale): void; id: string; name?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  return (
    <select {...control} value={consoleLocale(value)} onChange={(e) => onChange(consoleLocale(e.target.value))}>
      {Object.entries(CONSOLE_LANGUAGES).map(([code, name]) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </select>
  );
}
