import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../domain/roles.js';

export function RoleSelect({ id, value, onChange, disabled }: { id?: string; value: Role; onChange(r: Role): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>{t(`roles.${r}`)}</option>
      ))}
    </select>
  );
}
