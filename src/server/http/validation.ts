import type { z } from 'zod';
import { badRequest } from './errors.js';

export interface FieldProblem {
  path: string;
  reason: string;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const details: FieldProblem[] = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    reason: i.message,
  }));
  throw badRequest(details);
}
