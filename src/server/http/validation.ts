import type { z } from 'zod';
import { isFieldRule, type FieldProblem, type FieldRule } from '../../domain/error-catalogue.js';
import { badRequest } from './errors.js';

export type { FieldProblem, FieldRule } from '../../domain/error-catalogue.js';

/** The catalogue's rule for a zod issue, so the console can say it in the user's language. */
function ruleOf(issue: z.core.$ZodIssue): Pick<FieldProblem, 'rule' | 'limit'> {
  switch (issue.code) {
    case 'too_big': {
      const rule: FieldRule = issue.origin === 'string' ? 'too_long' : issue.origin === 'array' || issue.origin === 'set' ? 'too_many' : 'too_large';
      return { rule, limit: Number(issue.maximum) };
    }
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { rule: 'required' };
      const rule: FieldRule = issue.origin === 'string' ? 'too_short' : issue.origin === 'array' || issue.origin === 'set' ? 'too_few' : 'too_small';
      return { rule, limit: Number(issue.minimum) };
    }
    case 'invalid_type':
      return { rule: issue.input === undefined ? 'required' : 'wrong_type' };
    case 'invalid_format':
      return { rule: 'invalid_format' };
    case 'invalid_value':
      return { rule: 'not_allowed' };
    case 'unrecognized_keys':
      return { rule: 'unknown_field' };
    case 'custom':
      return { rule: isFieldRule(issue.params?.['rule']) ? issue.params['rule'] : 'invalid' };
    default:
      return { rule: 'invalid' };
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return r.data;
  const details: FieldProblem[] = r.error.issues.flatMap((i) => {
    const base = [where, ...i.path.map(String)];
    // An unknown field is named by its own path, so the console marks that field.
    const paths = i.code === 'unrecognized_keys' ? i.keys.map((k) => [...base, k].join('.')) : [base.join('.')];
    return paths.map((path) => ({ path, reason: i.message, ...ruleOf(i) }));
  });
  throw badRequest(details);
}
