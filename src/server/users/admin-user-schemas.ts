import { z } from 'zod';

export const userIdParams = z.strictObject({ id: z.string().max(64) });

export const createUserBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(120),
  is_super_admin: z.boolean().default(false),
  locale: z.enum(['en', 'ru', 'uz']).default('en'),
});

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(120).optional(),
});
