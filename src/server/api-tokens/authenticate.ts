import type { AppContext } from '../app-context.js';
import { workspacesCollection, type WorkspaceDoc } from '../workspaces/workspace-store.js';
import { API_TOKEN_PREFIX, apiTokensCollection, type ApiTokenDoc } from './api-token-store.js';
import { sha256Hex } from './secret-token.js';

/** `mct_` + 32 bytes base64url (43 characters). */
const TOKEN_SHAPE = /^mct_[A-Za-z0-9_-]{43}$/;
/** At most one `last_used_at` write per token per minute: it is shown in lists, not used for decisions. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenIdentity {
  token: ApiTokenDoc;
  workspace: WorkspaceDoc;
}

/**
 * The token and its workspace for an `Authorization: Bearer mct_…` header, or null when the
 * header is missing or malformed, the token is unknown or revoked, or its workspace is archived
 * (security.md: both fail on the next request). Looked up by hash only. The caller answers null
 * with 401 and rate-limits failures per IP.
 */
export async function authenticateApiToken(app: AppContext, bearerHeader: string | undefined, now = new Date()): Promise<ApiTokenIdentity | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(bearerHeader?.trim() ?? '');
  const presented = match?.[1];
  if (!presented || !presented.startsWith(API_TOKEN_PREFIX) || !TOKEN_SHAPE.test(presented)) return null;
  const token = await apiTokensCollection(app.db).raw.findOne({ token_hash: sha256Hex(presented) });
  if (!token || token.revoked_at) return null;
  const workspace = await workspacesCollection(app.db).findOne({ _id: token.workspace_id });
  if (!workspace || workspace.archived_at) return null;
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await apiTokensCollection(app.db)
      .updateOne({ workspace_id: token.workspace_id, _id: token._id }, { $set: { last_used_at: now } })
      .catch((err: unknown) => app.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not record API token use'));
  }
  return { token, workspace };
}
