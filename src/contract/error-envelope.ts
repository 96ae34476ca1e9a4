import { z } from 'zod';

/** Every 4xx/5xx answer of the API (api.md): a code from the catalogue, a message, optional details. */
export const errorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** `details` of a 400 `validation_failed`: one entry per field, `body.name`, `query.limit`… */
export const fieldProblemSchema = z.strictObject({ path: z.string(), reason: z.string() });
export type FieldProblem = z.infer<typeof fieldProblemSchema>;
