import { useTranslation } from 'react-i18next';
import { parseTemplate } from '../../../domain/template.js';
import { wsPath } from '../../api/client.js';
import type { Campaign } from '../../../contract/campaigns.js';
import type { apiTokenPage } from '../../../contract/workspaces.js';
import { CopyButton } from '../../components/copy-button.js';
import { useApi } from '../../components/use-api.js';
import { useCan } from '../../session/permissions.js';

/** The call that sends one number to an approved Trigger campaign, ready to copy, with the workspace's token named. */
export function TriggerExample({ slug, campaign: c }: { slug: string; campaign: Campaign }) {
  const { t } = useTranslation();
  const admin = useCan()('workspace.admin');
  const tokens = useApi<typeof apiTokenPage>(admin ? wsPath(slug, '/api-tokens?limit=50') : null);
  const token = tokens.data?.items.find((k) => !k.revoked_at && k.scopes.includes('trigger:send'));
  const parsed = parseTemplate(c.text);
  const vars = Object.fromEntries((parsed.ok ? parsed.placeholders : []).map((name) => [name, '…']));
  const secret = token ? `<${t('trigger.tokenNamed', { name: token.name, prefix: token.prefix })}>` : `<${t('trigger.anyToken')}>`;
  const command = [
    `curl -X POST '${window.location.origin}/api/v1/campaigns/${c.external_id}/numbers' \\`,
    `  -H 'Authorization: Bearer ${secret}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify({ number: '998901234567', vars })}'`,
  ].join('\n');
  return (
    <div className="stack" data-testid="trigger-example">
      <h2>{t('trigger.title')}</h2>
      <p className="muted">{token ? t('trigger.hintToken', { name: token.name }) : t('trigger.hintNoToken')}</p>
      <pre className="message-text mono" data-testid="trigger-command">{command}</pre>
      <div>
        <CopyButton text={command} />
      </div>
    </div>
  );
}
