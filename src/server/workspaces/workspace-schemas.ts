import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { RESERVED_SLUGS, SLUG_PATTERN } from './workspace-store.js';
import { sendingWindowSchema } from './sending-window.js';

export const slugParams = z.strictObject({ slug: z.string().max(40) });
export const memberParams = z.strictObject({ slug: z.string().max(40), user_id: z.string().max(64) });

const name = z.string().trim().min(1).max(120);

export const createWorkspaceBody = z.strictObject({
  slug: z
    .string()
    .regex(SLUG_PATTERN, '3–40 characters: lower-case letters, digits and hyphens, not starting or ending with a hyphen')
    .refine((s) => !RESERVED_SLUGS.has(s), 'is reserved'),
  name,
  allow_join_requests: z.boolean().default(false),
  sending_window: sendingWindowSchema.nullable().default(null),
});

export const updateWorkspaceBody = z
  .strictObject({
    name: name.optional(),
    allow_join_requests: z.boolean().optional(),
    sending_window: sendingWindowSchema.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const memberChangeBody = z
  .strictObject({ role: z.enum(ROLES).optional(), is_moderator: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.is_moderator !== undefined, 'give role or is_moderator');
