// `mc backup --verify`: the archive just written is restored into a scratch database and every
// collection's count and content digest are compared with what the backup read from the source.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import type { BackupLocation } from './backup-database.js';
import { restoreDatabase, type RestoreSummary } from './restore-database.js';

/** A collection's document count and an order-independent digest of its documents' exact BSON bytes. */
export interface CollectionDigest {
  count: number;
  digest: string;
}
export type DatabaseDigest = Map<string, CollectionDigest>;

/**
 * Builds a digest document by document: the XOR of each document's SHA-256, so the order the
 * documents come in does not matter and memory stays constant (documents are distinct by _id).
 */
export class DigestBuilder {
  private readonly collections = new Map<string, { count: number; xor: Buffer }>();

  add(collection: string, bson: Uint8Array): void {
    let c = this.collections.get(collection);
    if (!c) this.collections.set(collection, (c = { count: 0, xor: Buffer.alloc(32) }));
    const hash = createHash('sha256').update(bson).digest();
    for (let i = 0; i < 32; i++) c.xor[i]! ^= hash[i]!;
    c.count++;
  }

  /** Counts an empty collection too. */
  touch(collection: string): void {
    if (!this.collections.has(collection)) this.collections.set(collection, { count: 0, xor: Buffer.alloc(32) });
  }

  result(): DatabaseDigest {
    return new Map([...this.collections].map(([name, c]) => [name, { count: c.count, digest: c.xor.toString('hex') }]));
  }
}

/** Reads every collection of `db` (system.* and views excluded) into a digest. */
export async function digestDatabase(db: Db): Promise<DatabaseDigest> {
  const builder = new DigestBuilder();
  const infos = await db.listCollections({}, { nameOnly: false }).toArray();
  for (const info of infos) {
    if ((info.type ?? 'collection') !== 'collection' || info.name.startsWith('system.')) continue;
    builder.touch(info.name);
    for await (const bytes of db.collection(info.name).find({}, { raw: true })) builder.add(info.name, bytes as unknown as Uint8Array);
  }
  return builder.result();
}

/** One line per difference: a collection missing on either side, or a count or digest that differs. */
export function compareDigests(expected: DatabaseDigest, actual: DatabaseDigest): string[] {
  const differences: string[] = [];
  for (const name of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    const e = expected.get(name);
    const a = actual.get(name);
    if (!e) differences.push(`${name}: in the restored copy but not in the source`);
    else if (!a) differences.push(`${name}: in the source (${e.count} documents) but not in the restored copy`);
    else if (e.count !== a.count) differences.push(`${name}: ${e.count} documents in the source, ${a.count} restored`);
    else if (e.digest !== a.digest) differences.push(`${name}: same count (${e.count}) but different content`);
  }
  return differences;
}

export interface VerifyResult {
  scratchDb: string;
  collections: number;
  documents: number;
  differences: string[];
}

/** The restore step; a parameter so a test can make it go wrong on purpose. */
export type RestoreInto = (scratch: Db, location: BackupLocation) => Promise<RestoreSummary>;

/**
 * Restores `location` into a fresh scratch database beside `sourceDbName`, compares it with
 * `expected`, and drops the scratch database whatever happened.
 */
export async function verifyBackup(
  client: MongoClient,
  sourceDbName: string,
  location: BackupLocation,
  expected: DatabaseDigest,
  restore: RestoreInto = restoreDatabase,
): Promise<VerifyResult> {
  const scratchDb = `${sourceDbName.slice(0, 40)}_verify_${randomBytes(4).toString('hex')}`;
  const scratch = client.db(scratchDb);
  try {
    const summary = await restore(scratch, location);
    const differences = summary.error ? [`restore stopped: ${summary.error}`] : [];
    for (const f of summary.insertFailures) differences.push(`${f.collection}: ${f.count} documents refused on restore (${f.message})`);
    differences.push(...compareDigests(expected, await digestDatabase(scratch)));
    return { scratchDb, collections: expected.size, documents: [...expected.values()].reduce((n, c) => n + c.count, 0), differences };
  } finally {
    await scratch.dropDatabase().catch(() => undefined);
  }
}
