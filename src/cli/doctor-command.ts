import { MongoClient } from 'mongodb';
import type { Command } from './commands.js';
import { cliConfig } from './cli-context.js';
import { lastVerifiedBackup } from './backup-commands.js';
import { runRecoveryChecks, type RecoveryCheck } from '../server/diagnostics/recovery-checks.js';

const LABELS: Record<RecoveryCheck['id'], string> = {
  schema: 'schema version',
  super_admin: 'super admin',
  audit_fallback: 'audit fallback',
  core: 'Core API',
  core_certificates: 'Core mTLS',
  proxy_certificates: 'Proxy mTLS',
};

export function formatCheck(check: RecoveryCheck): string {
  const head = `${check.ok ? 'OK  ' : 'FAIL'}  ${LABELS[check.id].padEnd(15)} ${check.detail}`;
  return check.fix ? `${head}\n      fix: ${check.fix}` : head;
}

/** `mc doctor`: the recovery checklist; exits 1 when any line fails. */
export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'mc doctor [--backups DIR]  recovery checklist: schema, super admin, audit fallback, Core, mTLS certificates; the last verified backup in DIR (default backups/)',
  run: async (args) => {
    const config = cliConfig();
    // Not connected up front: when the database is down its lines fail and the others still run.
    const client = new MongoClient(config.mongodbUri, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000 });
    try {
      const checks = await runRecoveryChecks({ db: client.db(config.MONGODB_DB), config });
      for (const check of checks) process.stdout.write(`${formatCheck(check)}\n`);
      const at = args.indexOf('--backups');
      const verified = await lastVerifiedBackup(at >= 0 && args[at + 1] ? args[at + 1]! : 'backups');
      if (verified) process.stdout.write(`info  ${'last verified'.padEnd(15)} ${verified}\n`);
      const failed = checks.filter((c) => !c.ok).length;
      process.stdout.write(failed ? `${failed} of ${checks.length} checks failed\n` : `all ${checks.length} checks passed\n`);
      return failed ? 1 : 0;
    } finally {
      await client.close();
    }
  },
};
