import type { Presented } from '../../contract/common.js';
import type { User } from '../../contract/users.js';
import type { Collection, Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';

export type Locale = 'en' | 'ru' | 'uz';

export interface UserDoc {
  _id: ObjectId;
  email: string;
  name: string;
  password_hash: string;
  is_super_admin: boolean;
  locale: Locale;
  status: 'active' | 'blocked';
  /** Numbers the current run of consecutive failed logins; the failures are `login_slots` (see auth/login.ts). */
  login_epoch: number;
  session_version: number;
  must_change_password: boolean;
  /** Set with a temporary password (super admin reset): it stops working after this time. */
  password_expires_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
}

export const usersCollection = (db: Db): Collection<UserDoc> => db.collection<UserDoc>(COLLECTIONS.users);

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** What the API shows of a user: never the hash or the lockout counters. */
export function publicUser(u: UserDoc): Presented<User> {
  return {
    id: u._id.toHexString(),
    email: u.email,
    name: u.name,
    is_super_admin: u.is_super_admin,
    locale: u.locale,
    status: u.status,
    must_change_password: u.must_change_password,
    created_at: u.created_at,
    last_login_at: u.last_login_at,
  };
}

export function newUserDoc(fields: Pick<UserDoc, '_id' | 'email' | 'name' | 'password_hash'> & Partial<UserDoc>): UserDoc {
  return {
    is_super_admin: false,
    locale: 'en',
    status: 'active',
    login_epoch: 0,
    session_version: 1,
    must_change_password: false,
    password_expires_at: null,
    created_at: new Date(),
    last_login_at: null,
    ...fields,
    email: normalizeEmail(fields.email),
  };
}
