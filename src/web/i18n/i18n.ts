// i18next with one message file per locale; the user's `locale` from the API decides the language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import type { Locale } from '../../contract/users.js';
import { consoleLocale, type ConsoleLocale } from './languages.js';

function initialLanguage(): ConsoleLocale {
  const stored = window.localStorage.getItem('mc.locale');
  if (stored) return consoleLocale(stored);
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

export async function applyLocale(locale: Locale): Promise<void> {
  const shown = consoleLocale(locale);
  window.localStorage.setItem('mc.locale', shown);
  document.documentElement.lang = shown;
  if (i18n.language !== shown) await i18n.changeLanguage(shown);
}

export { i18n };
