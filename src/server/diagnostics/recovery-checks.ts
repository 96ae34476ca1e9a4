import pino from 'pino';
import type { AppContext } from '../app-context.js';
import { createCoreServices, type CoreServices } from '../core/core-services.js';
import type { CertificateInfo } from '../core/tls-material.js';
import type { TlsPool } from '../core/tls-pool.js';
import { describeError } from '../db/connection.js';
import { readSchemaVersion } from '../migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from '../migrations/steps.js';
import { usersCollection } from '../users/user-store.js';
import { auditFallbackStatus } from './audit-fallback-status.js';

export type RecoveryCheckId = 'schema' | 'super_admin' | 'audit_fallback' | 'core' | 'core_certificates' | 'proxy_certificates';

export interface RecoveryCheck {
  id: RecoveryCheckId;
  ok: boolean;
  detail: string;
  /** What to do when not ok; null when ok. */
  fix: string | null;
}

/** Warn this many days before a client certificate expires. */
export const CERT_WARN_DAYS = 14;

type CoreView = Pick<CoreServices, 'health' | 'corePool' | 'proxyPool'>;

/** A running server passes its `core`; `mc doctor` leaves it out and the checks open their own. */
export type RecoveryCheckContext = Pick<AppContext, 'db' | 'config'> & { core?: CoreView };

/** What the database checks read: `mc doctor` runs them with the database settings alone. */
type DatabaseCheckContext = Pick<AppContext, 'db'> & { config: Pick<AppContext['config'], 'auditFallbackFile'> };
export const UNREACHABLE = 'database not reachable';

const check = (id: RecoveryCheckId, ok: boolean, detail: string, fix: string): RecoveryCheck => ({ id, ok, detail, fix: ok ? null : fix });

async function schemaCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  const fix = 'Run `make migrate` (or restore a backup made by newer code).';
  try {
    const version = await readSchemaVersion(app.db);
    return check('schema', version === EXPECTED_SCHEMA_VERSION, `schema version ${version}, expected ${EXPECTED_SCHEMA_VERSION}`, fix);
  } catch (err) {
    return check('schema', false, `${UNREACHABLE}: ${describeError(err)}`, 'Bring the database back (MONGODB_URI).');
  }
}

async function superAdminCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  const fix = 'Run `make seed` to create or repair the super admin.';
  try {
    const n = await usersCollection(app.db).countDocuments({ is_super_admin: true, status: 'active' });
    return check('super_admin', n > 0, `${n} active super admin(s)`, fix);
  } catch (err) {
    return check('super_admin', false, `${UNREACHABLE}: ${describeError(err)}`, fix);
  }
}

async function auditFallbackCheck(app: DatabaseCheckContext): Promise<RecoveryCheck> {
  const s = await auditFallbackStatus(app.config.auditFallbackFile);
  const pending = s.fallbackFileSize + s.drainingFileSize;
  const parts = [`fallback file ${s.fallbackFileSize} bytes (${s.fallbackLines} lines)`, `draining ${s.drainingFileSize} bytes`, `${s.rejectedLines} rejected line(s)`];
  const fix = pending
    ? 'Run `mc audit drain` once the database is reachable (or any auditable action drains it).'
    : 'Inspect the `.rejected` file beside the fallback file: its lines were corrupt or forged and were not imported.';
  return check('audit_fallback', pending === 0 && s.rejectedLines === 0, parts.join(', '), fix);
}

function coreCheck(core: CoreView): RecoveryCheck {
  const state = core.health.state();
  return check('core', state.status === 'ok', `Core API ${state.status}${state.error ? `: ${state.error}` : ''} (checked ${state.checkedAt ?? 'never'})`, 'Check CORE_HEALTH_URL / CORE_API_URL and the Core service.');
}

function certificateCheck(id: 'core_certificates' | 'proxy_certificates', pool: TlsPool): RecoveryCheck {
  const info: CertificateInfo | null = pool.certificate();
  const fix = 'Mount a valid client certificate, key and CA (CORE_TLS_* / PROXY_TLS_*); they are reloaded without a restart.';
  if (!info) return check(id, true, `${pool.origin}: plain http, no client certificate`, fix);
  const days = info.daysLeft ?? null;
  const detail = `${pool.origin}: ${info.subject ?? 'unknown subject'}, expires ${info.notAfter ?? '?'}, daysLeft ${days ?? '?'}${info.error ? ` — ${info.error}` : ''}`;
  return check(id, info.ok && days !== null && days >= CERT_WARN_DAYS, detail, fix);
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
    const fix = 'Mount a valid client certificate, key and CA (CORE_TLS_* / PROXY_TLS_*).';
    return [schema, superAdmin, audit, check('core', false, detail, fix), check('core_certificates', false, detail, fix), check('proxy_certificates', false, detail, fix)];
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
