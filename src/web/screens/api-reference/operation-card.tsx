import { useTranslation } from 'react-i18next';
import type { Operation } from './openapi-types.js';
import { InlineCode } from './inline-code.js';
import { schemaText } from './schema-text.js';
import { CodeBlock } from './code-block.js';

export function OperationCard({ method, path, op }: { method: string; path: string; op: Operation }) {
  const { t } = useTranslation();
  const body = op.requestBody && Object.entries(op.requestBody.content)[0];
  const successes = Object.entries(op.responses).filter(([, answer]) => !answer.$ref);
  const errors = Object.entries(op.responses).filter(([, answer]) => answer.$ref);
  return (
    <article className="card api-operation" id={op.operationId}>
      <h3>
        <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>{op.summary}</p>
      <p className="muted small">
        <InlineCode text={op.description} /> <code>{op.operationId}</code>
      </p>
      {op.parameters.length > 0 && (
        <>
          <h4>{t('apiReference.parameters')}</h4>
          <ul className="api-params">
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code>{p.name}</code> <span className="muted">({p.in}{p.required ? '' : `, ${t('apiReference.optional')}`})</span> <code>{schemaText(p.schema)}</code>
                {p.description && <> — <InlineCode text={p.description} /></>}
              </li>
            ))}
          </ul>
        </>
      )}
      {body && (
        <>
          <h4>
            {t('apiReference.requestBody')} <span className="muted small">{body[0]}</span>
          </h4>
          {op.requestBody?.description && <p className="small">{op.requestBody.description}</p>}
          <CodeBlock>{schemaText(body[1].schema)}</CodeBlock>
        </>
      )}
      <h4>{t('apiReference.responses')}</h4>
      <ul className="api-params">
        {successes.map(([status, answer]) => {
          const content = answer.content && Object.entries(answer.content)[0];
          return (
            <li key={status}>
              <strong>{status}</strong> <InlineCode text={answer.description} />
              {content && <span className="muted small"> {content[0]}</span>}
              {content && content[0] === 'application/json' && <CodeBlock>{schemaText(content[1].schema)}</CodeBlock>}
            </li>
          );
        })}
        <li>
          {t('apiReference.errorStatuses')}{' '}
          {errors.map(([status, answer], i) => (
            <span key={status}>
              {i > 0 && ', '}
              <a href={`#error-${answer.$ref?.split('/').at(-1) ?? ''}`}>{status}</a>
            </span>
          ))}
        </li>
      </ul>
    </article>
  );
}
