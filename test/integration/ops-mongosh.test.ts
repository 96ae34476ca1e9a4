import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from '../../src/server/migrations/steps.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

// mongosh is not a dependency (it would pull hundreds of packages into the lock for this one check):
// the check runs where the operator's MongoDB Shell is on the PATH and is skipped, saying so, elsewhere.
const mongosh = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'mongosh')).find((file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
// The seed document's own line, verbatim.
const SEED_LINE = `mongosh "$MONGODB_URI" --eval 'db.meta.findOne({_id:"schema"})'`;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await testDatabase('opsmongosh');
  await migrate(tdb.db, { auditRetentionDays: 90 });
});
afterAll(async () => tdb?.drop());

function shell(line: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', line], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('the seed document’s schema check with mongosh (when on the PATH)', () => {
  it('prints meta.schema with the expected schema version', async (ctx) => {
    if (!mongosh) ctx.skip('mongosh is not on the PATH: install the MongoDB Shell to run the seed document’s schema check');
    const uri = new URL(tdb.uri);
    uri.pathname = `/${tdb.name}`;
    const r = await shell(SEED_LINE, { MONGODB_URI: uri.toString() });
    // mongosh probes the server with commands FerretDB may not know; an unreachable server is a skip, not a pass.
    if (r.code !== 0 && /MongoServerSelectionError|ECONNREFUSED/.test(r.out)) ctx.skip(`mongosh could not connect to the dev database: ${r.out.slice(0, 300)}`);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/_id: 'schema'/);
    expect(r.out).toMatch(new RegExp(`schema_version: ${EXPECTED_SCHEMA_VERSION}\\b`));
  });
});
