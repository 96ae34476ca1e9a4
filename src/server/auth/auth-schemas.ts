import { z } from 'zod';
import { PASSWORD_MAX } from './password.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const profileBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  locale: z.enum(['en', 'ru', 'uz']).optional(),
});

export const passwordChangeBody = z.strictObject({
  current_password: z.string().min(1).max(PASSWORD_MAX),
  new_password: z.string().min(1).max(PASSWORD_MAX),
});
