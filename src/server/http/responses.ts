import { z } from 'zod';

/** A body that is not JSON: a CSV download, an event stream, the metrics text. */
export interface OtherBody {
  contentType: string;
  description: string;
}

/** A JSON schema, another content type, or `null` for an empty body (204). */
export type ResponseBody = z.ZodType | OtherBody | null;

/**
 * What a route answers on success, by status. Every other status is an error and carries the
 * error envelope (src/contract/error-envelope.ts); a route lists an error status here only when
 * it answers it with another shape (`/readyz` 503).
 */
export type Responses = Partial<Record<number, ResponseBody>>;

export const isJsonBody = (body: ResponseBody | undefined): body is z.ZodType => body instanceof z.ZodType;

export const csvBody = (description: string): OtherBody => ({ contentType: 'text/csv', description });
