// The signed-in frame: sidebar with the workspace switcher and navigation, the Core banner, the page.
import { useState } from 'react';
import { NavLink, Outlet, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { can } from '../../domain/permissions.js';
import { useSession, useMe } from '../session/session-context.js';
import { memberIn, strongestMember } from '../session/permissions.js';
import { CoreBanner } from './core-banner.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const { slug } = useParams();
  const [open, setOpen] = useState(false);
  const workspace = me.workspaces.find((w) => w.slug === slug);
  const member = memberIn(me, workspace);
  const allowed = (capability: Parameters<typeof can>[1]) => can(member, capability).allowed;
  const diagnostics = me.user.is_super_admin || strongestMember(me).membership?.role === 'admin';
  const link = (to: string, label: string) => (
    <NavLink to={to} onClick={() => setOpen(false)} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
      {label}
    </NavLink>
  );

  return (
    <div className={`shell${open ? ' nav-open' : ''}`}>
      <a
        className="skip-link"
        href="#content"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('content')?.focus();
        }}
      >
        {t('nav.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">MC</span>
          <span>{t('app.name')}</span>
        </div>
        <WorkspaceSwitcher />
        <nav aria-label={t('nav.label')}>
          {workspace && (
            <>
              {link(`/w/${workspace.slug}/overview`, t('nav.overview'))}
              {link(`/w/${workspace.slug}/campaigns`, t('nav.campaigns'))}
              {(allowed('campaign.moderate') || allowed('sender.moderate_revision')) && link(`/w/${workspace.slug}/moderation`, t('nav.moderation'))}
              {link(`/w/${workspace.slug}/senders`, t('nav.senders'))}
              {allowed('workspace.audit') && link(`/w/${workspace.slug}/audit`, t('nav.audit'))}
              {allowed('workspace.admin') && link(`/w/${workspace.slug}/settings`, t('nav.settings'))}
            </>
          )}
          <div className="nav-section">{t('nav.platform')}</div>
          {link('/archive', t('nav.archive'))}
          {me.user.is_super_admin && link('/master', t('nav.master'))}
          {link('/monitoring', t('nav.monitoring'))}
          {diagnostics && link('/diagnostics', t('nav.diagnostics'))}
          {me.user.is_super_admin && link('/admin', t('nav.admin'))}
          {link('/account', t('nav.account'))}
        </nav>
        <div className="sidebar-footer">
          <div className="user-chip" title={me.user.email}>
            {me.user.name}
          </div>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={async () => {
              await logout();
              navigate('/login');
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <button type="button" className="btn btn-ghost menu-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('nav.menu')}
          </button>
          <span className="topbar-title">{workspace?.name ?? t('app.name')}</span>
        </header>
        <CoreBanner />
        <main className="content" id="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
