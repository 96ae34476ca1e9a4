import { z } from 'zod';

/** Switches the control port flips to make Core and the Proxy misbehave on purpose. */
export const faultsSchema = z.strictObject({
  down: z.boolean().optional(),
  slowMs: z.number().int().min(0).max(600_000).optional(),
  error5xx: z.boolean().optional(),
  oversizedBytes: z.number().int().min(0).max(2 ** 31).optional(),
  rejectClientCert: z.boolean().optional(),
  expireProxyTokens: z.literal(true).optional(),
  /** Recipient uploads are read to the end, then wait for their answer until this is switched off (a slow commit). */
  holdUploads: z.boolean().optional(),
});

export interface Faults {
  down: boolean;
  slowMs: number;
  error5xx: boolean;
  oversizedBytes: number;
  rejectClientCert: boolean;
  holdUploads: boolean;
}

export function noFaults(): Faults {
  return { down: false, slowMs: 0, error5xx: false, oversizedBytes: 0, rejectClientCert: false, holdUploads: false };
}
