import { z } from 'zod';

/** An instant as the API writes it: ISO 8601 (the server's `Date`s serialise to UTC `…Z`). */
export const timestamp = z.iso.datetime({ offset: true });
/** A MongoDB id as the API writes it: 24 lower-case hex digits. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/);

/** One page of a cursor-paged list (api.md): follow `next_cursor` until it is null. */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), next_cursor: z.string().nullable() });
export type Page<T> = { items: T[]; next_cursor: string | null };

export const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export const sendingWindowSchema = z.strictObject({ start: z.string().regex(HH_MM), end: z.string().regex(HH_MM), timezone: z.string() });
export type SendingWindow = z.infer<typeof sendingWindowSchema>;

/**
 * What a presenter may return for a response schema before JSON serialisation: a `Date`
 * wherever the wire has a string (JSON.stringify writes it as an ISO timestamp).
 */
export type Presented<T> = T extends string
  ? string | Date
  : T extends readonly (infer I)[]
    ? Presented<I>[]
    : T extends object
      ? { [K in keyof T]: Presented<T[K]> }
      : T;
