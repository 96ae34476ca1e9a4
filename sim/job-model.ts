import { z } from 'zod';
import { RecipientList } from './recipient-list.js';
import { isValidTimezone, parseHhMm } from './sending-window.js';

export const ACTIVE_STATUSES = ['scheduled', 'building', 'sending', 'paused'] as const;
export const TERMINAL_STATUSES = ['done', 'failed', 'expired', 'cancelled'] as const;
export type JobStatus = 'held' | 'ready' | (typeof ACTIVE_STATUSES)[number] | (typeof TERMINAL_STATUSES)[number];

const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date-time');
const hhMm = z.string().refine((v) => parseHhMm(v) !== null, 'must be HH:MM');

const jobParamsShape = {
  mode: z.enum(['OnDemand', 'OnTime', 'Spread', 'Trigger']),
  sender: z
    .object({ saddr: z.string().min(1), ston: z.number().int(), snpi: z.number().int(), dton: z.number().int(), dnpi: z.number().int() })
    .nullable(),
  esme: z.string().nullable(),
  strategy: z.string().nullable(),
  text: z.string().max(10_000),
  start_at: isoInstant.nullable(),
  end_at: isoInstant.nullable(),
  daily_time: hhMm.nullable(),
  sending_window: z
    .object({ start: hhMm, end: hhMm, timezone: z.string().refine(isValidTimezone, 'unknown time zone') })
    .nullable(),
  auto_start: z.boolean(),
  /** Recorded (and shown on the control port), not enforced: SIM_SEND_RATE sets the pace. */
  rate_limit_per_sec: z.number().int().positive().nullable(),
};

const identifier = z.string().min(1).max(128);

export const createJobSchema = z.object({
  external_id: identifier,
  workspace_id: identifier,
  created_by: identifier,
  mode: jobParamsShape.mode,
  sender: jobParamsShape.sender.default(null),
  esme: jobParamsShape.esme.default(null),
  strategy: jobParamsShape.strategy.default(null),
  text: jobParamsShape.text.default(''),
  start_at: jobParamsShape.start_at.default(null),
  end_at: jobParamsShape.end_at.default(null),
  daily_time: jobParamsShape.daily_time.default(null),
  sending_window: jobParamsShape.sending_window.default(null),
  auto_start: jobParamsShape.auto_start.default(false),
  rate_limit_per_sec: jobParamsShape.rate_limit_per_sec.default(null),
});

/** PATCH takes any create field but the identity ones; naming an identity field is a 400. */
export const patchJobSchema = z.strictObject(jobParamsShape).partial();
export const releaseSchema = z.object({ auto_start: z.boolean() });
export const triggerNumberSchema = z.object({ number: z.string().regex(/^[0-9]{7,15}$/), text: z.string().max(10_000) });

export type JobParams = Omit<z.infer<typeof createJobSchema>, 'external_id' | 'workspace_id' | 'created_by'>;

export interface JobEvent {
  at: string;
  event: string;
}

export interface SimJob {
  seq: number;
  id: string;
  externalId: string;
  workspaceId: string;
  createdBy: string;
  params: JobParams;
  status: JobStatus;
  pauseReason: 'user' | 'sending_window' | null;
  error: string | null;
  recipients: RecipientList;
  /** Messages handed to the operator so far (delivered or failed), in list order. */
  processed: number;
  sendCredit: number;
  buildUntil: number | null;
  lastTick: number;
  updatedAt: number;
  /** (processed, time) checkpoints so per-message results get a plausible updated_at. */
  progressMarks: { processed: number[]; at: number[] };
  events: JobEvent[];
}

export function isActive(status: JobStatus): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

export function isTerminal(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
