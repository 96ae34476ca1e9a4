import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type Document } from 'mongodb';

export interface BenchDatabase {
  client: MongoClient;
  db: Db;
  name: string;
  drop(): Promise<void>;
}

/** A database of the bench's own on the bench server, dropped (and the client closed) by drop(). */
export async function benchDatabase(mongoUri: string, label: string): Promise<BenchDatabase> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 64, retryWrites: false });
  await client.connect();
  const name = `bench_${label}_${randomBytes(3).toString('hex')}`;
  const db = client.db(name);
  return {
    client,
    db,
    name,
    drop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** insertMany in batches of `batch`, `parallel` batches in flight; `make(i)` builds document i. */
export async function insertGenerated(db: Db, collection: string, count: number, make: (i: number) => Document, batch = 1000, parallel = 4): Promise<void> {
  const coll = db.collection(collection);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + batch);
      const docs: Document[] = [];
      for (let i = from; i < next; i++) docs.push(make(i));
      await coll.insertMany(docs, { ordered: false });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
