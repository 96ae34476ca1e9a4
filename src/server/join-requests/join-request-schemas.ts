import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { pageQueryFields } from '../db/id-page.js';

export const joinRequestIdParams = z.strictObject({ slug: z.string().max(40), id: z.string().max(64) });
export const createJoinRequestBody = z.strictObject({ message: z.string().trim().max(1000).default('') });
export const listJoinRequestsQuery = z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).default('pending'), ...pageQueryFields });
export const approveJoinRequestBody = z.strictObject({ role: z.enum(ROLES), is_moderator: z.boolean().default(false) });
export const rejectJoinRequestBody = z.strictObject({ note: z.string().trim().max(1000).optional() });
