import type { SelectHTMLAttributes } from 'react';

/** Every IANA zone the browser knows; a sending window's zone is picked from it, never typed. */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

/** A sending window's time zone, chosen from the list (a stored zone the browser lacks stays offered). */
export function TimeZoneSelect({ value, onZone, ...props }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & { value: string; onZone: (zone: string) => void }) {
  return (
    <select {...props} value={value} onChange={(e) => onZone(e.target.value)}>
      {(TIME_ZONES.includes(value) ? TIME_ZONES : [value, ...TIME_ZONES]).map((zone) => (
        <option key={zone} value={zone}>{zone}</option>
      ))}
    </select>
  );
}
