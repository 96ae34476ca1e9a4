// Shapes of the API's JSON (snake_case, as in product.md §2 and api.md).
import type { Role } from '../../domain/roles.js';

export type Locale = 'en' | 'ru' | 'uz';

export interface User {
  id: string;
  email: string;
  name: string;
  is_super_admin: boolean;
  locale: Locale;
  status: 'active' | 'blocked';
  must_change_password: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface SendingWindow {
  start: string;
  end: string;
  timezone: string;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  is_system: boolean;
  allow_join_requests: boolean;
  sending_window: SendingWindow | null;
  archived_at: string | null;
  created_at: string;
}

export interface MyWorkspace extends Workspace {
  role: Role | null;
  is_moderator: boolean;
}

export interface Me {
  user: User;
  workspaces: MyWorkspace[];
}

export const CAMPAIGN_STATUSES = ['New', 'Pending', 'Building', 'Sending', 'Paused', 'Done', 'Failed', 'Expired', 'Cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_MODES = ['OnDemand', 'OnTime', 'Spread', 'Trigger'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];

export interface SenderSnapshot {
  sender_name_id: string;
  revision_id: string;
  saddr: string;
  ston: number;
  snpi: number;
  dton: number;
  dnpi: number;
}

export interface RecipientsSummary {
  file_name: string;
  bytes: number;
  accepted: number;
  invalid: number;
  duplicates: number;
  sample_errors: { line: number; value: string; reason: string }[];
}

export interface Progress {
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  updated_at: string | null;
}

export interface Campaign {
  external_id: string;
  job_id: string | null;
  workspace_id: string;
  name: string;
  mode: CampaignMode;
  sender: SenderSnapshot | null;
  esme: string | null;
  strategy: string | null;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  parts: number;
  sms_limit: number;
  start_at: string | null;
  end_at: string | null;
  daily_time: string | null;
  sending_window: SendingWindow | null;
  auto_start: boolean;
  recipients: RecipientsSummary | null;
  progress: Progress | null;
  status: CampaignStatus;
  /** draft | awaiting_approval | approved_start | the status (src/domain/campaign-lifecycle.ts badgeFor). */
  badge?: string;
  pause_reason?: string | null;
  core_error?: string | null;
  submitted_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  rejection_reason: string | null;
  archived_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export type SenderStatus = 'pending_approval' | 'approved' | 'rejected' | 'archived';

export interface SenderRevision {
  id: string;
  sender_name_id: string;
  /** Set in the moderation queue. */
  sender_name?: string | null;
  revision_number: number;
  saddr: string;
  ston: number;
  snpi: number;
  dton: number;
  dnpi: number;
  reason: string | null;
  status: 'pending_approval' | 'approved' | 'rejected';
  created_by: string;
  decided_by: string | null;
  decision_note: string | null;
  created_at: string;
  decided_at?: string | null;
}

export interface Sender {
  id: string;
  name: string;
  status: SenderStatus;
  current_revision_id: string | null;
  current_revision?: SenderRevision | null;
  created_by: string;
  created_at: string;
}

export interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  status: 'active' | 'blocked';
  is_super_admin: boolean;
  role: Role;
  is_moderator: boolean;
  created_at: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  is_moderator: boolean;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  expires_at: string;
  created_at: string;
}

export interface JoinRequest {
  id: string;
  user_id: string;
  user_email?: string;
  user_name?: string;
  message: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEvent {
  id: string;
  ts: string;
  action: string;
  actor: { type: string; id: string | null; email?: string | null };
  workspace_id: string | null;
  resource: { type: string; id: string | null } | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  request_id?: string | null;
}

export interface DiagnosticCheck {
  id: string;
  ok: boolean;
  detail: unknown;
  fix?: string | null;
}

export interface Diagnostics {
  core: { status: 'ok' | 'down' | string; checkedAt: string | null };
  database: { status: string };
  schemaVersion: number | null;
  expectedSchemaVersion: number;
  /** Not served yet: the Monitoring page embeds Grafana once the API reports GRAFANA_PUBLIC_URL here. */
  grafanaUrl?: string | null;
  checks?: DiagnosticCheck[];
}

export interface Overview {
  active_campaigns: number;
  sent_today: number;
  delivery_rate: number | null;
  awaiting_moderation: number;
  funnel: Partial<Record<CampaignStatus, number>>;
  last_24_hours: { hour: string; sent: number; delivered: number; failed: number }[];
}

export interface Message {
  message_id: string;
  number: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  parts: number;
  error: string | null;
  updated_at: string;
}

export interface SendingOptions {
  esmes: { id: string; name: string; rate_limit_per_sec: number }[];
  strategies: { id: string; name?: string }[] | null;
}

export interface InvitationPreview {
  workspace: { slug: string; name: string };
  email: string;
  role: Role;
  is_moderator: boolean;
  status: string;
  account_exists: boolean;
  expires_at: string;
}
