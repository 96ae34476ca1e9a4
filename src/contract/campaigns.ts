import { z } from 'zod';
import { CAMPAIGN_MODES, CAMPAIGN_STATUSES } from '../domain/campaign-lifecycle.js';
import { objectId, pageOf, sendingWindowSchema, timestamp } from './common.js';
import { queuedRevisionSchema } from './senders.js';

export { CAMPAIGN_MODES, CAMPAIGN_STATUSES };
export type { CampaignMode, CampaignStatus } from '../domain/campaign-lifecycle.js';

/** The sender name revision a campaign was built with (frozen at creation or edit). */
export const campaignSenderSchema = z.strictObject({
  sender_name_id: objectId,
  revision_id: objectId,
  saddr: z.string(),
  ston: z.number().int(),
  snpi: z.number().int(),
  dton: z.number().int(),
  dnpi: z.number().int(),
});

export const recipientsSummarySchema = z.strictObject({
  file_name: z.string(),
  bytes: z.number().int(),
  accepted: z.number().int(),
  invalid: z.number().int(),
  duplicates: z.number().int(),
  /** The first invalid lines (at most 100). */
  sample_errors: z.array(z.strictObject({ line: z.number().int(), value: z.string(), reason: z.string() })),
});
export type RecipientsSummary = z.infer<typeof recipientsSummarySchema>;

export const progressSchema = z.strictObject({
  total: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  updated_at: timestamp.nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const CAMPAIGN_BADGES = ['draft', 'awaiting_approval', 'approved_start', ...CAMPAIGN_STATUSES] as const;

export const campaignSchema = z.strictObject({
  external_id: z.string(),
  job_id: z.string().nullable(),
  workspace_id: objectId,
  name: z.string(),
  mode: z.enum(CAMPAIGN_MODES),
  sender: campaignSenderSchema,
  esme: z.string(),
  strategy: z.string().nullable(),
  text: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  parts: z.number().int(),
  sms_limit: z.number().int(),
  start_at: timestamp.nullable(),
  end_at: timestamp.nullable(),
  daily_time: z.string().nullable(),
  sending_window: sendingWindowSchema.nullable(),
  auto_start: z.boolean(),
  recipients: recipientsSummarySchema.nullable(),
  progress: progressSchema,
  status: z.enum(CAMPAIGN_STATUSES),
  /** What the list shows: draft, awaiting_approval, approved_start, or the status. */
  badge: z.enum(CAMPAIGN_BADGES),
  pause_reason: z.string().nullable(),
  core_error: z.string().nullable(),
  submitted_at: timestamp.nullable(),
  approved_by: objectId.nullable(),
  approved_at: timestamp.nullable(),
  rejection_reason: z.string().nullable(),
  archived_at: timestamp.nullable(),
  created_by: objectId,
  /** Everyone who created or changed the content (four-eyes: none of them may approve it). */
  content_editors: z.array(objectId),
  created_at: timestamp,
  updated_at: timestamp,
  version: z.number().int(),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** What the detail page can show from Core alone while the database is unreachable. */
export const degradedCampaignSchema = z.strictObject({
  external_id: z.string(),
  job_id: z.string(),
  workspace_id: z.string(),
  mode: z.enum(CAMPAIGN_MODES),
  status: z.enum(CAMPAIGN_STATUSES),
  pause_reason: z.string().nullable(),
  core_error: z.string().nullable(),
  created_by: z.string(),
  progress: progressSchema,
  degraded: z.literal(true),
});
export type DegradedCampaign = z.infer<typeof degradedCampaignSchema>;

export const coreHealthSchema = z.strictObject({
  status: z.enum(['ok', 'down', 'unknown']),
  checkedAt: timestamp.nullable(),
  error: z.string().optional(),
});
export type CoreHealth = z.infer<typeof coreHealthSchema>;

export const campaignPage = pageOf(campaignSchema);
export const campaignAnswer = z.strictObject({ campaign: campaignSchema });
/** A user action; while the database is down, pause/resume/cancel answer from Core alone. */
export const campaignActionAnswer = z.strictObject({ campaign: z.union([campaignSchema, degradedCampaignSchema]) });
export const campaignDetailAnswer = z.strictObject({ campaign: z.union([campaignSchema, degradedCampaignSchema]), core: coreHealthSchema });
export type CampaignDetail = z.infer<typeof campaignDetailAnswer>;

/** One page of the Moderation queue: campaigns (kind=campaigns) or pending sender revisions (kind=sender_revisions). */
export const moderationQueueAnswer = pageOf(z.union([campaignSchema, queuedRevisionSchema]));

export const overviewAnswer = z.strictObject({
  active_campaigns: z.number().int(),
  /** Messages Core reported sent since the reader's day start (the request's `day_start`). */
  sent_today: z.number().int(),
  /** delivered / (delivered + failed) over `last_24_hours`; null without any outcome there. */
  delivery_rate: z.number().nullable(),
  awaiting_moderation: z.number().int(),
  funnel: z.record(z.enum(CAMPAIGN_STATUSES), z.number().int()),
  /** The 24 hours of the reader's day grid up to now, oldest first; `hour` is each hour's start. */
  last_24_hours: z.array(z.strictObject({ hour: timestamp, sent: z.number().int(), delivered: z.number().int(), failed: z.number().int() })),
  core: coreHealthSchema,
});
export type Overview = z.infer<typeof overviewAnswer>;

/** One delivery report, as Core keeps it. */
export const messageSchema = z.object({
  message_id: z.string(),
  number: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'failed']),
  error: z.string().nullable(),
  parts: z.number().int(),
  updated_at: z.string(),
});
export type Message = z.infer<typeof messageSchema>;
export const messagePage = pageOf(messageSchema);

export const uploadStatusSchema = z.strictObject({
  state: z.enum(['running', 'done', 'failed']),
  file_name: z.string(),
  expected_bytes: z.number().int().nullable(),
  bytes: z.number().int(),
  lines: z.number().int(),
  accepted: z.number().int(),
  invalid: z.number().int(),
  duplicates: z.number().int(),
  pending_dedupe: z.number().int(),
  spilled: z.boolean(),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
  error: z.string().nullable(),
});
export type UploadStatus = z.infer<typeof uploadStatusSchema>;
export const recipientsUploadAnswer = z.strictObject({ recipients: recipientsSummarySchema, campaign: campaignSchema });
export const recipientsStatusAnswer = z.strictObject({
  upload: z.union([uploadStatusSchema, z.strictObject({ state: z.literal('idle') })]),
  recipients: recipientsSummarySchema.nullable(),
});

export const sendingOptionsAnswer = z.strictObject({
  esmes: z.array(z.strictObject({ id: z.string(), name: z.string(), rate_limit_per_sec: z.number() })),
  /** With `?esme=`: that ESME's offered strategies; null without it. */
  strategies: z.array(z.strictObject({ id: z.string(), name: z.string() })).nullable(),
});
export type SendingOptions = z.infer<typeof sendingOptionsAnswer>;

export const presetsSchema = z.strictObject({
  esmes: z.array(z.strictObject({ id: z.string(), rate_limit_per_sec: z.number().int().nullable(), strategies: z.array(z.string()).nullable() })).nullable(),
  saddrs: z.array(z.string()),
  updated_at: timestamp.nullable(),
});
export type Presets = z.infer<typeof presetsSchema>;
export const presetsAnswer = z.strictObject({ presets: presetsSchema });
/** What the Proxy has, unnarrowed, for the presets form: every ESME (enabled or not) with its rate ceiling and strategies. */
export const proxyOptionsAnswer = z.strictObject({
  esmes: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      enabled: z.boolean(),
      rate_limit_per_sec: z.number(),
      strategies: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    }),
  ),
});
export type ProxyOptions = z.infer<typeof proxyOptionsAnswer>;
/** The saddr presets the sender form offers. */
export const saddrPresetsAnswer = z.strictObject({ saddrs: z.array(z.string()) });

export const triggerAcceptedAnswer = z.strictObject({ accepted: z.literal(true), message_id: z.string() });
