import { useNavigate, useParams, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../session/session-context.js';

/** My workspaces; Master (super admins) and Archive are views across them. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { slug } = useParams();
  const { pathname } = useLocation();
  const value = slug ?? (pathname.startsWith('/master') ? '@master' : pathname.startsWith('/archive') ? '@archive' : '');
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher">{t('nav.workspace')}</label>
      <select
        id="workspace-switcher"
        value={value}
        onChange={(e) => {
          const next = e.target.value;
          if (next === '@master') navigate('/master');
          else if (next === '@archive') navigate('/archive');
          else if (next) navigate(`/w/${next}/overview`);
        }}
      >
        {value === '' && <option value="">{t('nav.chooseWorkspace')}</option>}
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.slug}>
            {w.name}
          </option>
        ))}
        {me.user.is_super_admin && <option value="@master">{t('nav.master')}</option>}
        <option value="@archive">{t('nav.archive')}</option>
      </select>
    </div>
  );
}
