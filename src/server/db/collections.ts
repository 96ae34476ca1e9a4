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
  rateLimitHits: 'rate_limit_hits',
  leases: 'leases',
  eventFeed: 'event_feed',
  idempotencyKeys: 'idempotency_keys',
  progressSteps: 'progress_steps',
  progressSummaries: 'progress_summaries',
} as const;

/** Collections whose documents carry `expires_at` and are deleted once it passed (TTL index or the expiry sweeper). */
export const EXPIRING_COLLECTIONS = [
  COLLECTIONS.rateLimitHits,
  COLLECTIONS.leases,
  COLLECTIONS.eventFeed,
  COLLECTIONS.idempotencyKeys,
  COLLECTIONS.progressSteps,
  COLLECTIONS.progressSummaries,
  COLLECTIONS.claims,
] as const;
