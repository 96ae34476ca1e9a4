import pino from 'pino';
import type { RecoveryCheck as RecoveryCheckAnswer } from '../../contract/operations.js';
import type { AppContext } from '../app-context.js';
import { createCoreServices, type CoreServices } from '../core/core-services.js';
import type { CertificateInfo } from '../core/tls-material.js';
import type { TlsPool } from '../core/tls-pool.js';
import { describeError } from '../db/connection.js';
import { readSchemaVersion } from '../migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from '../migrations/steps.js';
import { usersCollection } from '../users/user-store.js';
import { auditFallbackStatus } from './audit-fallback-status.js';

/** One line of the checklist (src/contract/operations.ts): English for `mc doctor`, codes for the console. */
export type RecoveryCheck = RecoveryCheckAnswer;
export type RecoveryCheckId = RecoveryCheck['id'];
type Summary = RecoveryCheck['summary'];
type Fix = { code: NonNullable<RecoveryCheck['fixCode']>; text: string };

/** Warn this many days before a client certificate expires. */
export const CERT_WARN_DAYS = 14;

type CoreView = Pick<CoreServices, 'health' | 'corePool' | 'proxyPool'>;

/** A running server passes its `core`; `mc doctor` leaves it out and the checks open their own. */
export type RecoveryCheckContext = Pick<AppContext, 'db' | 'config'> & { core?: CoreView };

/** What the database checks read: `mc doctor` runs them with the database settings alone. */
type DatabaseCheckContext = Pick<AppContext, 'db'> & { config: Pick<AppContext['config'], 'auditFallbackFile'> };
export const UNREACHABLE = 'database not reachable';

const FIXES = {
  migrate: 'Run `make migrate` (or restore a backup made by newer code).',
  restore_database: 'Bring the database back (MONGODB_URI).',
  seed: 'Run `make seed` to create or repair the super admin.',
  drain_fallback: 'Run `mc audit drain` once the database is reachable (or any auditable action drains it).',
  inspect_rejected: 'Inspect the `.rejected` file beside the fallback file: its lines were corrupt or forged and were not imported.',
  core_settings: 'Check CORE_HEALTH_URL / CORE_API_URL and the Core service.',
  mount_certificates: 'Mount a valid client certificate, key and CA (CORE_TLS_* / PROXY_TLS_*); they are reloaded without a restart.',
} satisfies Record<Fix['code'], string>;

const fixOf = (code: Fix['code']): Fix => ({ code, text: FIXES[code] });

const check = (id: RecoveryCheckId, ok: boolean, detail: string, summary: Summary, fix: Fix): RecoveryCheck =>
  ({ id, ok, detail, summary, fix: ok ? null : fix.text, fixCode: ok ? null : fix.code });

const unreachable = (id: RecoveryCheckId, err: unknown, fix: Fix): RecoveryCheck =>
  check(id, false, `${UNREACHABLE}: ${describeError(err)}`, { code: 'database_unreachable', values: {} }, fix);

async function schemaCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  try {
    const version = await readSchemaVersion(app.db);
    const summary: Summary = { code: 'schema_version', values: { version, expected: EXPECTED_SCHEMA_VERSION } };
    return check('schema', version === EXPECTED_SCHEMA_VERSION, `schema version ${version}, expected ${EXPECTED_SCHEMA_VERSION}`, summary, fixOf('migrate'));
  } catch (err) {
    return unreachable('schema', err, fixOf('restore_database'));
  }
}

async function superAdminCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  try {
    const n = await usersCollection(app.db).countDocuments({ is_super_admin: true, status: 'active' });
    return check('super_admin', n > 0, `${n} active super admin(s)`, { code: 'super_admins', values: { count: n } }, fixOf('seed'));
  } catch (err) {
    return unreachable('super_admin', err, fixOf('seed'));
  }
}

async function auditFallbackCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  const s = await auditFallbackStatus(app.config.auditFallbackFile);
  const pending = s.fallbackFileSize + s.drainingFileSize;
  const parts = [`fallback file ${s.fallbackFileSize} bytes (${s.fallbackLines} lines)`, `draining ${s.drainingFileSize} bytes`, `${s.rejectedLines} rejected line(s)`];
  const values = { fallbackBytes: s.fallbackFileSize, fallbackLines: s.fallbackLines, drainingBytes: s.drainingFileSize, rejectedLines: s.rejectedLines };
  return check('audit_fallback', pending === 0 && s.rejectedLines === 0, parts.join(', '), { code: 'audit_fallback', values }, fixOf(pending ? 'drain_fallback' : 'inspect_rejected'));
}

function coreCheck(core: CoreView): RecoveryCheck {
  const state = core.health.state();
  const detail = `Core API ${state.status}${state.error ? `: ${state.error}` : ''} (checked ${state.checkedAt ?? 'never'})`;
  return check('core', state.status === 'ok', detail, { code: 'core_state', values: { status: state.status, checkedAt: state.checkedAt ?? '' } }, fixOf('core_settings'));
}

function certificateCheck(id: 'core_certificates' | 'proxy_certificates', pool: TlsPool): RecoveryCheck {
  const info: CertificateInfo | null = pool.certificate();
  const fix = fixOf('mount_certificates');
  if (!info) return check(id, true, `${pool.origin}: plain http, no client certificate`, { code: 'plain_http', values: { origin: pool.origin } }, fix);
  const days = info.daysLeft ?? null;
  const detail = `${pool.origin}: ${info.subject ?? 'unknown subject'}, expires ${info.notAfter ?? '?'}, daysLeft ${days ?? '?'}${info.error ? ` — ${info.error}` : ''}`;
  const values = { origin: pool.origin, subject: info.subject ?? '?', notAfter: info.notAfter ?? '?', ...(days === null ? {} : { daysLeft: days }) };
  return check(id, info.ok && days !== null && days >= CERT_WARN_DAYS, detail, { code: 'certificate', values }, fix);
}

/**
 * The recovery checklist of the seed document (operations.md §4), shared by the Diagnostics
 * page and `mc doctor`: schema, super admin, audit fallback, Core, and both mTLS certificates.
 */
export async function runRecoveryChecks(app: RecoveryCheckContext): Promise<RecoveryCheck[]> {
  const [schema, superAdmin, audit] = await databaseRecoveryChecks(app);
  const coreChecks = (core: CoreView) => [coreCheck(core), certificateCheck('core_certificates', core.corePool), certificateCheck('proxy_certificates', core.proxyPool)];
  if (app.core) return [schema, superAdmin, audit, ...coreChecks(app.core)];
  let own: CoreServices;
  try {
    own = await createCoreServices(app.config, pino({ level: 'silent' }));
  } catch (err) {
    const detail = `cannot load the client certificates: ${(err as Error).message}`;
    const unreadable = (id: RecoveryCheckId) => check(id, false, detail, { code: 'certificates_unreadable', values: {} }, fixOf('mount_certificates'));
    return [schema, superAdmin, audit, unreadable('core'), unreadable('core_certificates'), unreadable('proxy_certificates')];
  }
  try {
    await own.health.check();
    return [schema, superAdmin, audit, ...coreChecks(own)];
  } finally {
    await own.close();
  }
}

/** The schema, super admin and audit fallback lines: they need only the database settings. */
export function databaseRecoveryChecks(app: DatabaseCheckContext): Promise<[RecoveryCheck, RecoveryCheck, RecoveryCheck]> {
  return Promise.all([schemaCheck(app), superAdminCheck(app), auditFallbackCheck(app)]);
}
