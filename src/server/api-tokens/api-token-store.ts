import type { Presented } from '../../contract/common.js';
import type { ApiToken } from '../../contract/workspaces.js';
import type { Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';

export const API_TOKEN_PREFIX = 'mct_';
export const API_TOKEN_SCOPES = ['trigger:send'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export interface ApiTokenDoc {
  _id: ObjectId;
  workspace_id: WorkspaceId;
  name: string;
  /** SHA-256 hex of the whole token (`mct_…`); the token is shown once and never stored. */
  token_hash: string;
  /** The first 8 characters, so people can tell their tokens apart in lists. */
  prefix: string;
  scopes: ApiTokenScope[];
  created_by: ObjectId;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: ObjectId | null;
}

export const apiTokensCollection = (db: Db) => new TenantCollection<ApiTokenDoc>(db, COLLECTIONS.apiTokens);

export function publicApiToken(t: ApiTokenDoc): Presented<ApiToken> {
  return {
    id: t._id.toHexString(),
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    created_by: t.created_by.toHexString(),
    created_at: t.created_at,
    last_used_at: t.last_used_at,
    revoked_at: t.revoked_at,
  };
}
