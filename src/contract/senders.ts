import { z } from 'zod';
import { objectId, pageOf, timestamp } from './common.js';

export const SENDER_STATUSES = ['pending_approval', 'approved', 'rejected', 'archived'] as const;
export type SenderStatus = (typeof SENDER_STATUSES)[number];

export const senderRevisionSchema = z.strictObject({
  id: objectId,
  sender_name_id: objectId,
  revision_number: z.number().int(),
  saddr: z.string(),
  ston: z.number().int(),
  snpi: z.number().int(),
  dton: z.number().int(),
  dnpi: z.number().int(),
  reason: z.string(),
  status: z.enum(['pending_approval', 'approved', 'rejected']),
  created_by: objectId,
  decided_by: objectId.nullable(),
  decision_note: z.string().nullable(),
  decided_at: timestamp.nullable(),
  created_at: timestamp,
  version: z.number().int(),
});
export type SenderRevision = z.infer<typeof senderRevisionSchema>;

export const senderSchema = z.strictObject({
  id: objectId,
  name: z.string(),
  status: z.enum(SENDER_STATUSES),
  current_revision_id: objectId.nullable(),
  current_revision: senderRevisionSchema.nullable(),
  created_by: objectId,
  created_at: timestamp,
  version: z.number().int(),
});
export type Sender = z.infer<typeof senderSchema>;

/** A listed sender; `pending_saddr` is the address its newest revision waiting for approval proposes (null without one). */
export const senderListItemSchema = senderSchema.extend({ pending_saddr: z.string().nullable() });
export type SenderListItem = z.infer<typeof senderListItemSchema>;
export const senderListAnswer = pageOf(senderListItemSchema);
export const senderAnswer = z.strictObject({ sender: senderSchema });
export const createdSenderAnswer = z.strictObject({ sender: senderSchema, revision: senderRevisionSchema });
export const senderRevisionPage = pageOf(senderRevisionSchema);
export const revisionAnswer = z.strictObject({ revision: senderRevisionSchema });
/** A pending revision in the Moderation queue, with its sender's name. */
export const queuedRevisionSchema = senderRevisionSchema.extend({ sender_name: z.string().nullable() });
export type QueuedRevision = z.infer<typeof queuedRevisionSchema>;
