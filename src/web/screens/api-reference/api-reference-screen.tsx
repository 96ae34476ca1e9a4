// The API reference for integrators, rendered from GET /api/openapi.json (public, no sign-in).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../../api/client.js';
import { useDocumentTitle } from '../../components/document-title.js';
import { ErrorNotice } from '../../components/error-notice.js';
import type { OpenApiDocument, Operation } from './openapi-types.js';
import { InlineCode } from './inline-code.js';
import { OperationCard } from './operation-card.js';
import { schemaText } from './schema-text.js';
import { TriggerExample } from './trigger-example.js';
import { CodeBlock } from './code-block.js';

async function loadDocument(): Promise<OpenApiDocument> {
  const res = await fetch('/api/openapi.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiFailure(res.status, 'http_error', res.statusText);
  return (await res.json()) as OpenApiDocument;
}

function operationsByTag(doc: OpenApiDocument): Map<string, Array<{ method: string; path: string; op: Operation }>> {
  const groups = new Map(doc.tags.map((tag) => [tag.name, [] as Array<{ method: string; path: string; op: Operation }>]));
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) groups.get(op.tags[0] ?? '')?.push({ method, path, op });
  return groups;
}

export function ApiReferenceScreen() {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    loadDocument().then(setDoc, (err: unknown) => setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'network_error', String(err))));
  }, []);
  useDocumentTitle(doc?.info.title);
  if (!doc) return <main className="api-reference"><ErrorNotice error={error} /></main>;
  const groups = operationsByTag(doc);
  return (
    <main className="api-reference">
      <h1>{doc.info.title}</h1>
      <p>
        <InlineCode text={doc.info.description} />
      </p>
      <p>
        {t('apiReference.document')} <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)
      </p>
      <nav className="api-toc" aria-label={t('apiReference.contents')}>
        <a href="#trigger-example">{t('apiReference.triggerTitle')}</a>
        <a href="#security">{t('apiReference.security')}</a>
        <a href="#errors">{t('apiReference.errors')}</a>
        <a href="#schemas">{t('apiReference.schemas')}</a>
        {[...groups.keys()].map((tag) => (
          <a key={tag} href={`#tag-${tag.replace(/\s+/g, '-')}`}>{tag}</a>
        ))}
      </nav>
      <TriggerExample />
      <section className="card" id="security">
        <h2>{t('apiReference.security')}</h2>
        <ul className="api-params">
          {Object.entries(doc.components.securitySchemes).map(([name, scheme]) => (
            <li key={name}>
              <code>{name}</code> — {scheme.type === 'http' ? 'Authorization: Bearer' : `${scheme.in} ${scheme.name}`}. <InlineCode text={scheme.description ?? ''} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card" id="errors">
        <h2>{t('apiReference.errors')}</h2>
        <CodeBlock>{schemaText(doc.components.schemas.ErrorEnvelope ?? {})}</CodeBlock>
        <ul className="api-params">
          {Object.entries(doc.components.responses).map(([name, answer]) => (
            <li key={name} id={`error-${name}`}>
              <strong>{name}</strong> — <InlineCode text={answer.description} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card" id="schemas">
        <h2>{t('apiReference.schemas')}</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <div key={name} id={`schema-${name}`}>
            <h3>{name}</h3>
            <CodeBlock>{schemaText(schema)}</CodeBlock>
          </div>
        ))}
      </section>
      {[...groups.entries()].map(([tag, ops]) => (
        <section key={tag} id={`tag-${tag.replace(/\s+/g, '-')}`}>
          <h2>{tag}</h2>
          {ops.map(({ method, path, op }) => (
            <OperationCard key={op.operationId} method={method} path={path} op={op} />
          ))}
        </section>
      ))}
    </main>
  );
}
