import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { PASSWORD_MAX } from '../auth/password.js';

export const invitationIdParams = z.strictObject({ slug: z.string().max(40), id: z.string().max(64) });
export const tokenParams = z.strictObject({ token: z.string().max(128) });

export const createInvitationBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  role: z.enum(ROLES),
  is_moderator: z.boolean().default(false),
});

/** Empty for a signed-in user; name and password when the invitation creates the account. */
export const acceptInvitationBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(1).max(PASSWORD_MAX).optional(),
});
