import { z } from 'zod';
import { CAMPAIGN_MODES, CAMPAIGN_STATUSES } from '../../domain/campaign-lifecycle.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const externalIdSchema = z.string().regex(UUID_V4, 'must be a UUID v4').transform((s) => s.toLowerCase());
const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const hhMm = z.string().regex(HH_MM, 'must be HH:MM');

export const sendingWindowSchema = z.strictObject({
  start: hhMm,
  end: hhMm,
  timezone: z.string().max(64).refine(isTimeZone, 'unknown time zone'),
});

/** The fields the wizard's parameters and schedule steps set (create and PATCH share them). */
const editable = {
  name: z.string().trim().min(1).max(120),
  sender_id: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a sender name id'),
  esme: z.string().trim().min(1).max(64),
  strategy: z.string().trim().min(1).max(64).nullable(),
  // Characters are counted in code points after parsing (≤ 1,600); this bounds the raw string.
  text: z.string().min(1).max(6_400),
  sms_limit: z.number().int().min(1).max(10),
  start_at: isoDate.nullable(),
  end_at: isoDate.nullable(),
  daily_time: hhMm.nullable(),
  sending_window: sendingWindowSchema.nullable(),
  auto_start: z.boolean(),
};

export const createCampaignBody = z.strictObject({
  // The client may choose it (a retried create is then answered with the same campaign); else the server does.
  external_id: externalIdSchema.default(() => globalThis.crypto.randomUUID()),
  mode: z.enum(CAMPAIGN_MODES),
  name: editable.name,
  sender_id: editable.sender_id,
  esme: editable.esme,
  strategy: editable.strategy.default(null),
  text: editable.text,
  sms_limit: editable.sms_limit.default(3),
  start_at: editable.start_at.default(null),
  end_at: editable.end_at.default(null),
  daily_time: editable.daily_time.default(null),
  sending_window: editable.sending_window.default(null),
  auto_start: editable.auto_start.default(true),
});
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;

export const patchCampaignBody = z.strictObject({
  version: z.number().int().min(0),
  name: editable.name.optional(),
  sender_id: editable.sender_id.optional(),
  esme: editable.esme.optional(),
  strategy: editable.strategy.optional(),
  text: editable.text.optional(),
  sms_limit: editable.sms_limit.optional(),
  start_at: editable.start_at.optional(),
  end_at: editable.end_at.optional(),
  daily_time: editable.daily_time.optional(),
  sending_window: editable.sending_window.optional(),
  auto_start: editable.auto_start.optional(),
});
export type PatchCampaignInput = z.infer<typeof patchCampaignBody>;

export const workspaceParams = z.strictObject({ slug: z.string().max(40) });
export const campaignParams = z.strictObject({ slug: z.string().max(40), external_id: z.string().max(64) });

/** Transitions may send the version they read (api.md); without it the current one is used. */
export const transitionBody = z.strictObject({ version: z.number().int().min(0).optional() });
export const rejectBody = z.strictObject({ version: z.number().int().min(0).optional(), reason: z.string().trim().min(1).max(1000) });

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(300).optional();

export const listCampaignsQuery = z.strictObject({
  limit,
  cursor,
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  mode: z.enum(CAMPAIGN_MODES).optional(),
  author: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a user id').optional(),
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  q: z.string().trim().min(1).max(120).optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;

/** `GET …/moderation`: one of the two queues, each paged. */
export const moderationQuery = z.strictObject({ kind: z.enum(['campaigns', 'sender_revisions']).default('campaigns'), limit, cursor });

/**
 * Overview's period: the start of the reader's day (the console sends its local midnight) and the
 * instant read at (default: the server's clock). Both are instants with an offset.
 */
export const overviewQuery = z.strictObject({
  day_start: isoDate.optional(),
  now: isoDate.optional(),
});

export const crossWorkspaceQuery = z.strictObject({
  limit,
  cursor,
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  q: z.string().trim().min(1).max(120).optional(),
});
