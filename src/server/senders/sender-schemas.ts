import { z } from 'zod';
import { pageQueryFields } from '../db/id-page.js';
import { checkSenderAddress, defaultsFor, type SenderAddress } from '../../domain/sender-address.js';

export const objectIdString = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id');

export const senderParams = z.strictObject({ slug: z.string().max(40), id: z.string().max(64) });
export const workspaceParams = z.strictObject({ slug: z.string().max(40) });

const addressFields = {
  saddr: z.string().max(15),
  ston: z.number().int().optional(),
  snpi: z.number().int().optional(),
  dton: z.number().int().optional(),
  dnpi: z.number().int().optional(),
};

/** Fills the form defaults for the saddr's kind, then checks every field (paths name the field). */
function withAddressDefaults<T extends {
  saddr: string;
  ston?: number | undefined;
  snpi?: number | undefined;
  dton?: number | undefined;
  dnpi?: number | undefined;
}>(
  value: T,
  ctx: z.RefinementCtx,
): Omit<T, keyof SenderAddress> & SenderAddress {
  const defaults = defaultsFor(value.saddr);
  const address: SenderAddress = {
    saddr: value.saddr,
    ston: value.ston ?? defaults.ston,
    snpi: value.snpi ?? defaults.snpi,
    dton: value.dton ?? defaults.dton,
    dnpi: value.dnpi ?? defaults.dnpi,
  };
  for (const problem of checkSenderAddress(address)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message, params: { rule: 'invalid_sender_address' } });
  return { ...value, ...address };
}

export const createSenderBody = z
  .strictObject({ name: z.string().trim().min(1).max(80), reason: z.string().trim().max(500).default(''), ...addressFields })
  .transform(withAddressDefaults);

export const proposeRevisionBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500), ...addressFields })
  .transform(withAddressDefaults);

export const approveRevisionBody = z.strictObject({ note: z.string().trim().max(500).default('') });
export const rejectRevisionBody = z.strictObject({ note: z.string().trim().min(1).max(500) });

export const listSendersQuery = z.strictObject({
  status: z.enum(['pending_approval', 'approved', 'rejected', 'archived']).optional(),
  ...pageQueryFields,
});
