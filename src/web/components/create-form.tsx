import type { FormEvent, ReactNode, RefObject } from 'react';

/** The card form at the top of a list section that adds an item: title, fields, submit, then what it produced. */
export function CreateForm({ title, submitLabel, onSubmit, formRef, testId, children, result }: {
  title: string;
  submitLabel: string;
  onSubmit(e: FormEvent): unknown;
  formRef?: RefObject<HTMLFormElement | null>;
  testId?: string;
  children: ReactNode;
  /** Shown under the submit button, e.g. the secret shown once. */
  result?: ReactNode;
}) {
  return (
    <form ref={formRef} className="card stack" onSubmit={(e) => void onSubmit(e)} noValidate data-testid={testId}>
      <h2>{title}</h2>
      {children}
      <div><button type="submit" className="btn btn-primary">{submitLabel}</button></div>
      {result}
    </form>
  );
}
