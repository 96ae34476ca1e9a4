// Dates in the browser's time zone and numbers per the UI language (Intl).
import { i18n } from '../i18n/i18n.js';

const locale = () => (i18n.language === 'ru' ? 'ru-RU' : 'en-GB');

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(value: string | Date): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale()).format(value);
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value)} ${i18n.t(`units.${units[unit]}`)}`;
}

/** A sender address's source and destination TON/NPI, e.g. `5/0 → 1/1`. */
export function formatTonNpi(a: { ston: number; snpi: number; dton: number; dnpi: number }): string {
  return `${a.ston}/${a.snpi} → ${a.dton}/${a.dnpi}`;
}
