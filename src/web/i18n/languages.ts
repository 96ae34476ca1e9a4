// The languages the console offers. The API also accepts `uz` (product.md, `users.locale`), but the console has
// no Uzbek messages, so it does not offer it: a stored `uz` is shown in Russian, which Uzbek-speaking users of
// the console read (decision in docs/decisions.md).

/** Each offered language, named in itself; every one has a complete message file. */
export const CONSOLE_LANGUAGES = { en: 'English', ru: 'Русский' } as const;
export type ConsoleLocale = keyof typeof CONSOLE_LANGUAGES;

/** The offered language a stored or browser locale is shown in. */
export function consoleLocale(locale: string | null | undefined): ConsoleLocale {
  if (locale === 'en' || locale === 'ru') return locale;
  return locale === 'uz' ? 'ru' : 'en';
}
