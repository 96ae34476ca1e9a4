// Documents shaped like the real ones (product.md §2, operations.md §3), generated deterministically.
import { ObjectId } from 'mongodb';
import type { AuditEvent } from '../../src/server/audit/audit-event.js';
import { utcDay } from '../../src/server/audit/audit-event.js';
import { derivedFields, type CampaignDoc } from '../../src/server/campaigns/campaign-store.js';
import { asWorkspaceId } from '../../src/server/db/tenant.js';
import { newWorkspaceDoc, type WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { CAMPAIGN_MODES, CAMPAIGN_STATUSES } from '../../src/domain/campaign-lifecycle.js';

const EPOCH = Date.UTC(2026, 0, 1);
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** `count` workspaces bench-000, bench-001, … (slugs that pass SLUG_PATTERN). */
export const benchWorkspaces = (count: number): WorkspaceDoc[] =>
  Array.from({ length: count }, (_, i) => newWorkspaceDoc({ slug: `bench-${String(i).padStart(3, '0')}`, name: `Bench ${i}` }));

/** Campaign i of a set spread round-robin over `workspaces`; one in ten is archived. */
export function benchCampaign(i: number, workspaces: readonly ObjectId[], author: ObjectId): CampaignDoc {
  const created = new Date(EPOCH + i * 60_000);
  const status = pick(CAMPAIGN_STATUSES, i);
  const archivedAt = i % 10 === 9 ? created : null;
  const submitted = status === 'New' ? null : created;
  return {
    _id: new ObjectId(),
    version: 0,
    external_id: `bench-${i}`,
    job_id: status === 'New' ? null : `job-${i}`,
    workspace_id: asWorkspaceId(pick(workspaces, i)),
    name: `Campaign ${i}`,
    mode: pick(CAMPAIGN_MODES, i),
    sender: { sender_name_id: author, revision_id: author, saddr: 'ACME', ston: 5, snpi: 0, dton: 1, dnpi: 1 },
    esme: 'esme-beeline',
    strategy: 'cp1',
    text: `Hello from campaign ${i}: spring offers are here.`,
    encoding: 'GSM-7',
    parts: 1,
    sms_limit: 3,
    start_at: null,
    end_at: null,
    daily_time: null,
    sending_window: null,
    auto_start: false,
    recipients: { file_name: 'list.csv', bytes: 130_000, accepted: 10_000, invalid: 12, duplicates: 40, sample_errors: [] },
    progress: { total: 10_000, sent: 0, delivered: 0, failed: 0, updated_at: null },
    status,
    pause_reason: null,
    core_error: null,
    submitted_at: submitted,
    approved_by: submitted ? author : null,
    approved_at: submitted,
    rejection_reason: null,
    archived_at: archivedAt,
    created_by: author,
    created_at: created,
    updated_at: created,
    ...derivedFields({ status, submitted_at: submitted, approved_at: submitted, archived_at: archivedAt }),
  };
}

/** Audit event i: a campaign update by a user, with small before/after objects (no MAC: not verified here). */
export function benchAuditEvent(i: number, workspaces: readonly ObjectId[]): AuditEvent {
  const ts = new Date(EPOCH + i * 1000);
  return {
    _id: new ObjectId(),
    ts,
    day: utcDay(ts),
    actor: { type: 'user', id: '64b000000000000000000001', email: 'operator@example.test' },
    workspace_id: pick(workspaces, i),
    action: 'campaign.updated',
    resource: { type: 'campaign', id: `bench-${i % 100_000}` },
    before: { name: `Campaign ${i}`, sms_limit: 3 },
    after: { name: `Campaign ${i} (edited)`, sms_limit: 4 },
    ip: '127.0.0.1',
    user_agent: 'bench',
    request_id: `req-${i}`,
  };
}
