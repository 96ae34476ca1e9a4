import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { objectId, pageOf, sendingWindowSchema, timestamp } from './common.js';

export const LOCALES = ['en', 'ru', 'uz'] as const;
export type Locale = (typeof LOCALES)[number];

/** What the API shows of a user: never the hash or the lockout counters. */
export const userSchema = z.strictObject({
  id: objectId,
  email: z.string(),
  name: z.string(),
  is_super_admin: z.boolean(),
  locale: z.enum(LOCALES),
  status: z.enum(['active', 'blocked']),
  must_change_password: z.boolean(),
  created_at: timestamp,
  last_login_at: timestamp.nullable(),
});
export type User = z.infer<typeof userSchema>;

export const workspaceSchema = z.strictObject({
  id: objectId,
  slug: z.string(),
  name: z.string(),
  is_system: z.boolean(),
  allow_join_requests: z.boolean(),
  sending_window: sendingWindowSchema.nullable(),
  archived_at: timestamp.nullable(),
  created_at: timestamp,
});
export type Workspace = z.infer<typeof workspaceSchema>;

/** A workspace with the caller's role in it (null: a super admin who is not a member). */
export const myWorkspaceSchema = workspaceSchema.extend({ role: z.enum(ROLES).nullable(), is_moderator: z.boolean() });
export type MyWorkspace = z.infer<typeof myWorkspaceSchema>;

export const userAnswer = z.strictObject({ user: userSchema });
export const meAnswer = z.strictObject({ user: userSchema, workspaces: z.array(myWorkspaceSchema) });
export type Me = z.infer<typeof meAnswer>;
/** A created user or a reset password: the temporary password is shown this once. */
export const temporaryPasswordAnswer = z.strictObject({ user: userSchema, temporary_password: z.string() });
export const userPage = pageOf(userSchema);
