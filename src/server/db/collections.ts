/** Collection names in one place (product.md §2, operations.md §3). */
export const COLLECTIONS = {
  users: 'users',
  workspaces: 'workspaces',
  memberships: 'memberships',
  invitations: 'invitations',
  joinRequests: 'join_requests',
  senderNames: 'sender_names',
  senderRevisions: 'sender_name_revisions',
  campaigns: 'campaigns',
  apiTokens: 'api_tokens',
  apiTokenUsage: 'api_token_usage',
  presets: 'presets',
  auditLogs: 'audit_logs',
  meta: 'meta',
  locks: 'locks',
  claims: 'claims',
  loginSlots: 'login_slots',
} as const;
