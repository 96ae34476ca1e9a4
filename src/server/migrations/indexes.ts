import type { Db, IndexDescription } from 'mongodb';
import { COLLECTIONS as C, EXPIRING_COLLECTIONS } from '../db/collections.js';

/**
 * Every index the application's queries use. Unique keys are on fields that are always present
 * (FerretDB v1 ignores `sparse` and refuses partial indexes): "one pending per …" rules use a
 * derived `pending_key` / `active_name_key` that holds a unique placeholder once decided.
 */
export const INDEXES: Record<string, IndexDescription[]> = {
  [C.users]: [{ key: { email: 1 }, name: 'email_unique', unique: true }],
  [C.workspaces]: [{ key: { slug: 1 }, name: 'slug_unique', unique: true }],
  [C.memberships]: [
    { key: { workspace_id: 1, user_id: 1 }, name: 'workspace_user_unique', unique: true },
    { key: { user_id: 1 }, name: 'user' },
    { key: { workspace_id: 1, _id: 1 }, name: 'workspace_page' },
  ],
  [C.invitations]: [
    { key: { token_hash: 1 }, name: 'token_hash_unique', unique: true },
    { key: { pending_key: 1 }, name: 'pending_key_unique', unique: true },
    { key: { workspace_id: 1, status: 1 }, name: 'workspace_status' },
    { key: { workspace_id: 1, _id: -1 }, name: 'workspace_page' },
  ],
  [C.joinRequests]: [
    { key: { pending_key: 1 }, name: 'pending_key_unique', unique: true },
    { key: { workspace_id: 1, status: 1, _id: -1 }, name: 'workspace_status_page' },
    { key: { user_id: 1 }, name: 'user' },
  ],
  [C.senderNames]: [
    { key: { workspace_id: 1, active_name_key: 1 }, name: 'workspace_active_name_unique', unique: true },
    { key: { workspace_id: 1, status: 1 }, name: 'workspace_status' },
  ],
  [C.senderRevisions]: [
    { key: { sender_name_id: 1, revision_number: 1 }, name: 'sender_revision_unique', unique: true },
    { key: { workspace_id: 1, status: 1 }, name: 'workspace_status' },
  ],
  [C.campaigns]: [
    { key: { external_id: 1 }, name: 'external_id_unique', unique: true },
    { key: { workspace_id: 1, archived: 1, created_at: -1 }, name: 'workspace_list' },
    { key: { workspace_id: 1, status: 1, created_at: -1 }, name: 'workspace_status_list' },
    { key: { workspace_id: 1, moderation_queue: 1, submitted_at: 1 }, name: 'workspace_moderation' },
    { key: { job_id: 1 }, name: 'job' },
    // The status poller's cross-workspace look-up of campaigns MC still thinks active.
    { key: { status: 1 }, name: 'status' },
  ],
  [C.apiTokens]: [
    { key: { token_hash: 1 }, name: 'token_hash_unique', unique: true },
    { key: { workspace_id: 1, _id: -1 }, name: 'workspace_page' },
  ],
  // Per-minute trigger counts of each token (_id is `token:minute`).
  [C.apiTokenUsage]: [{ key: { workspace_id: 1, token_id: 1, minute: -1 }, name: 'workspace_token_minute' }],
  [C.presets]: [],
  [C.auditLogs]: [
    { key: { workspace_id: 1, day: 1, ts: -1 }, name: 'workspace_day' },
    { key: { day: 1, ts: -1 }, name: 'day' },
    { key: { 'resource.type': 1, 'resource.id': 1, ts: -1 }, name: 'resource' },
    // The viewer's filters, read day by day like the unfiltered walk (list-audit-events.ts).
    { key: { workspace_id: 1, 'actor.email': 1, day: 1, ts: -1 }, name: 'workspace_actor_day' },
    { key: { workspace_id: 1, 'resource.type': 1, 'resource.id': 1, day: 1, ts: -1 }, name: 'workspace_resource_day' },
    { key: { 'actor.email': 1, day: 1, ts: -1 }, name: 'actor_day' },
  ],
  [C.meta]: [],
  [C.locks]: [],
  [C.claims]: [],
  [C.loginSlots]: [{ key: { user_id: 1 }, name: 'user' }],
  // State the replicas share (docs/scaling.md). Each also gets an `expires_at` TTL index where
  // the server has them (see ensureExpiryIndexes); the expiry sweeper covers the others.
  [C.rateLimitHits]: [{ key: { bucket: 1 }, name: 'bucket' }],
  [C.leases]: [],
  [C.eventFeed]: [{ key: { at: 1 }, name: 'at' }],
  [C.idempotencyKeys]: [],
  // Overview's figures: one workspace's steps not yet summarised; the summariser's steps of a few minutes.
  [C.progressSteps]: [
    { key: { workspace_id: 1, recorded_at: 1 }, name: 'workspace_recorded' },
    { key: { recorded_at: 1 }, name: 'recorded' },
  ],
  // One workspace's quarter-hour summaries in a period of Core's time.
  [C.progressSummaries]: [{ key: { workspace_id: 1, at: 1 }, name: 'workspace_at' }],
};

/**
 * A TTL index on `expires_at` (expire at that moment) where the server supports them; FerretDB v1
 * refuses them (code 238), and there the server's expiry sweeper does the deleting.
 */
export async function ensureExpiryIndexes(db: Db): Promise<void> {
  for (const name of EXPIRING_COLLECTIONS) {
    const existing = (await db.collection(name).listIndexes().toArray()).some((i) => i.name === 'expires_at_ttl');
    if (!existing) await db.collection(name).createIndex({ expires_at: 1 }, { name: 'expires_at_ttl', expireAfterSeconds: 0 }).catch(() => undefined);
  }
}

export async function ensureCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of Object.keys(INDEXES)) if (!existing.has(name)) await db.createCollection(name);
}

/**
 * Creates the indexes that are missing, by name. (Asking FerretDB v1 to create several indexes
 * of which some already exist crashes its connection handler, so existing ones are skipped.)
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [name, specs] of Object.entries(INDEXES)) {
    if (!specs.length) continue;
    const existing = new Set((await db.collection(name).listIndexes().toArray()).map((i) => String(i.name)));
    const missing = specs.filter((s) => !existing.has(s.name ?? ''));
    if (missing.length) await db.collection(name).createIndexes(missing);
  }
}
