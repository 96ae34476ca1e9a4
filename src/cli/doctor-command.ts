import { MongoClient } from 'mongodb';
import type { Command } from './command.js';
import { DATABASE_SETTINGS_HELP, databaseSettings, fullConfig } from './cli-context.js';
import { lastVerifiedBackup } from './backup-commands.js';
import { ConfigError } from '../server/config/config.js';
import { databaseRecoveryChecks, runRecoveryChecks, type RecoveryCheck } from '../server/diagnostics/recovery-checks.js';

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

/**
 * `mc doctor`: the recovery checklist; exits 1 when any line fails. The database lines need only
 * the database settings; the Core and certificate lines run when the Core settings are given too,
 * and are reported as not checked (with what is missing) otherwise.
 */
export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'mc doctor [--backups DIR]  recovery checklist: schema, super admin, audit fallback, Core, mTLS certificates; the last verified backup in DIR (default backups/)',
  help: [
    'Prints one OK/FAIL line per check and exits 1 when any fails.',
    `${DATABASE_SETTINGS_HELP}, AUDIT_FALLBACK_FILE / TMPDIR; the Core and certificate lines also need the Core settings`,
    '(CORE_*, PROXY_*, BFF_PROXY_PASSWORD, NEXTAUTH_SECRET, as the server reads them) and say "not checked" without them.',
  ].join('\n'),
  run: async (args) => {
    const settings = databaseSettings();
    const config = fullConfig();
    // Not connected up front: when the database is down its lines fail and the others still run.
    const client = new MongoClient(settings.mongodbUri, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000 });
    try {
      const db = client.db(settings.MONGODB_DB);
      const checks = config instanceof ConfigError ? await databaseRecoveryChecks({ db, config: settings }) : await runRecoveryChecks({ db, config });
      for (const check of checks) process.stdout.write(`${formatCheck(check)}\n`);
      if (config instanceof ConfigError) {
        process.stdout.write(`SKIP  ${'Core, mTLS'.padEnd(15)} not checked: the Core settings are incomplete (${config.problems.join('; ')})\n`);
      }
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
