import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../domain/roles.js';

/** A role picker; outside a labelled field (a table cell) it is named by `label`. */
interface RoleSelectProps {
  id?: string;
  label?: string;
  value: Role;
  onChange(r: Role): void;
  disabled?: boolean;
}

export function RoleSelect({ id, label, value, onChange, disabled }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <select id={id} aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>{t(`roles.${r}`)}</option>
      ))}
    </select>
  );
}
