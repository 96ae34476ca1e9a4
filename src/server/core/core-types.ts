import { z } from 'zod';

export const CORE_JOB_STATUSES = ['held', 'ready', 'scheduled', 'building', 'sending', 'paused', 'done', 'failed', 'expired', 'cancelled'] as const;
export const coreJobStatusSchema = z.enum(CORE_JOB_STATUSES);
export type CoreJobStatus = z.infer<typeof coreJobStatusSchema>;
export type CoreJobMode = 'OnDemand' | 'OnTime' | 'Spread' | 'Trigger';

export const coreJobSchema = z.looseObject({
  job_id: z.string(),
  external_id: z.string(),
  workspace_id: z.string(),
  created_by: z.string(),
  mode: z.enum(['OnDemand', 'OnTime', 'Spread', 'Trigger']),
  status: coreJobStatusSchema,
  total: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  error: z.string().nullable(),
  updated_at: z.string(),
  /** Not in the table of integration.md; the simulator sends it so Paused can show its reason. */
  pause_reason: z.string().nullable().optional(),
});
export type CoreJob = z.infer<typeof coreJobSchema>;

export const coreJobPageSchema = z.object({ items: z.array(coreJobSchema), next_cursor: z.string().nullable() });
export type CoreJobPage = z.infer<typeof coreJobPageSchema>;

export const coreMessageSchema = z.looseObject({
  message_id: z.string(),
  number: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'failed']),
  error: z.string().nullable(),
  parts: z.number(),
  updated_at: z.string(),
});
export type CoreMessage = z.infer<typeof coreMessageSchema>;
export const coreMessagePageSchema = z.object({ items: z.array(coreMessageSchema), next_cursor: z.string().nullable() });
export type CoreMessagePage = z.infer<typeof coreMessagePageSchema>;

export const createdJobSchema = z.object({ job_id: z.string(), status: coreJobStatusSchema });
export const jobStatusAnswerSchema = z.object({ status: coreJobStatusSchema });
export const receivedSchema = z.object({ received: z.number() });
export const messageIdSchema = z.object({ message_id: z.string() });

export interface CoreSender {
  saddr: string;
  ston: number;
  snpi: number;
  dton: number;
  dnpi: number;
}

export interface CoreSendingWindow {
  start: string;
  end: string;
  timezone: string;
}

export interface CreateCoreJobInput {
  external_id: string;
  workspace_id: string;
  created_by: string;
  mode: CoreJobMode;
  sender: CoreSender | null;
  esme: string | null;
  strategy: string | null;
  text: string;
  start_at: string | null;
  end_at: string | null;
  daily_time: string | null;
  sending_window: CoreSendingWindow | null;
  auto_start: boolean;
  /**
   * The ESME's messages per second for this job: the Proxy's `rate_limit_per_sec`, lowered by a
   * preset's (integration.md, Proxy); null or absent when MC does not know the ESME's rate.
   */
  rate_limit_per_sec?: number | null;
}

export type PatchCoreJobInput = Partial<Omit<CreateCoreJobInput, 'external_id' | 'workspace_id' | 'created_by'>>;

export const proxyEsmeSchema = z.looseObject({ id: z.string(), name: z.string(), rate_limit_per_sec: z.number(), enabled: z.boolean() });
export type ProxyEsme = z.infer<typeof proxyEsmeSchema>;
export const proxyStrategySchema = z.looseObject({ id: z.string(), name: z.string() });
export type ProxyStrategy = z.infer<typeof proxyStrategySchema>;
export const proxyLoginSchema = z.object({ token: z.string().min(1), expires_at: z.string() });
