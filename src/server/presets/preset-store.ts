import type { Db } from 'mongodb';
import { z } from 'zod';
import { checkSaddr } from '../../domain/sender-address.js';
import { COLLECTIONS } from '../db/collections.js';

const presetId = z.string().trim().min(1).max(64);

function checkSaddrPresets(saddrs: string[], ctx: z.RefinementCtx): void {
  for (const [i, saddr] of saddrs.entries()) {
    const check = checkSaddr(saddr);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: [i], message: check.message, params: { rule: 'invalid_sender_address' } });
    else if (saddrs.indexOf(saddr) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'listed twice', params: { rule: 'in_use' } });
  }
}

export const presetsBody = z.strictObject({
  /** null: the Proxy's enabled ESMEs are all offered; a list: only these. */
  esmes: z
    .array(
      z.strictObject({
        id: presetId,
        /** May only lower the Proxy's rate; null keeps the Proxy's. */
        rate_limit_per_sec: z.number().int().min(1).max(1_000_000).nullable().default(null),
        /** null: every strategy of the ESME; a list: only these. */
        strategies: z.array(presetId).max(100).nullable().default(null),
      }),
    )
    .max(200)
    .nullable(),
  /** Sender addresses offered in the sender form: each a valid saddr, each once. */
  saddrs: z.array(z.string().max(15)).max(500).default([]).superRefine(checkSaddrPresets),
});
export type Presets = z.infer<typeof presetsBody>;

interface PresetsDoc extends Presets {
  _id: 'global';
  updated_at: Date;
  updated_by: string;
}

export const NO_PRESETS: Presets = { esmes: null, saddrs: [] };

const presetsCollection = (db: Db) => db.collection<PresetsDoc>(COLLECTIONS.presets);

export async function readPresets(db: Db): Promise<Presets & { updated_at: Date | null }> {
  const doc = await presetsCollection(db).findOne({ _id: 'global' });
  return doc ? { esmes: doc.esmes, saddrs: doc.saddrs, updated_at: doc.updated_at } : { ...NO_PRESETS, updated_at: null };
}

export async function writePresets(db: Db, presets: Presets, updatedBy: string): Promise<void> {
  await presetsCollection(db).updateOne(
    { _id: 'global' },
    { $set: { esmes: presets.esmes, saddrs: presets.saddrs, updated_at: new Date(), updated_by: updatedBy } },
    { upsert: true },
  );
}
