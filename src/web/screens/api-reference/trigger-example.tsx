import { useTranslation } from 'react-i18next';
import { CodeBlock } from './code-block.js';

const REQUEST = `curl -X POST "$MC_URL/api/v1/campaigns/3f2b6c1e-8d4a-4b7e-9c55-0a1d2e3f4a5b/numbers" \\
  -H "Authorization: Bearer $MC_API_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"number": "998901234567", "vars": {"code": "4711"}}'`;

const ACCEPTED = `HTTP/1.1 202 Accepted
{"accepted": true, "message_id": "m-1842"}`;

const REFUSED = `HTTP/1.1 422 Unprocessable Entity
{"error": {"code": "text_too_long", "message": "…", "details": {…}, "request_id": "…"}}`;

/** The trigger API from token to sent message (api.md "Trigger", product.md §5). */
export function TriggerExample() {
  const { t } = useTranslation();
  return (
    <section className="card" id="trigger-example">
      <h2>{t('apiReference.triggerTitle')}</h2>
      <ol className="api-steps">
        <li>{t('apiReference.triggerToken')}</li>
        <li>
          {t('apiReference.triggerCampaign')} <code>{'Your code is {{code}}'}</code>
        </li>
        <li>{t('apiReference.triggerApproval')}</li>
        <li>
          {t('apiReference.triggerPush')}
          <CodeBlock>{REQUEST}</CodeBlock>
        </li>
        <li>
          {t('apiReference.triggerAccepted')}
          <CodeBlock>{ACCEPTED}</CodeBlock>
        </li>
        <li>
          {t('apiReference.triggerRefused')}
          <CodeBlock>{REFUSED}</CodeBlock>
        </li>
      </ol>
    </section>
  );
}
