// i18next with one message file per locale; the user's `locale` from the API decides the language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import type { Locale } from '../../contract/users.js';

export const SUPPORTED_LOCALES: readonly Locale[] = ['en', 'ru'];

function initialLanguage(): Locale {
  const stored = window.localStorage.getItem('mc.locale');
  if (stored === 'ru' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

/** Uzbek has no message file yet: it falls back to English. */
export async function applyLocale(locale: Locale): Promise<void> {
  window.localStorage.setItem('mc.locale', locale);
  document.documentElement.lang = locale;
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export { i18n };
