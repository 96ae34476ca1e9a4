import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { inject } from 'vitest';

export interface TestDatabase {
  uri: string;
  name: string;
  client: MongoClient;
  db: Db;
  drop(): Promise<void>;
}

/** A database of its own for one test file, on the shared test server; dropped afterwards. */
export async function testDatabase(label = 'mc'): Promise<TestDatabase> {
  const uri = inject('mongoUri');
  const name = `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db(name);
  return {
    uri,
    name,
    client,
    db,
    drop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
