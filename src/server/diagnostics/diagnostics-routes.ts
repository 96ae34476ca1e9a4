import { lastDrainAt } from '../audit/drain-fallback.js';
import { describeError } from '../db/connection.js';
import { forbidden } from '../http/errors.js';
import { route } from '../http/route.js';
import { readSchemaVersion } from '../migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from '../migrations/steps.js';
import { auditFallbackStatus } from './audit-fallback-status.js';
import { mayViewDiagnostics } from './diagnostics-access.js';
import { runRecoveryChecks } from './recovery-checks.js';

/** Either the value, or null while the database is away (diagnostics must answer then too). */
const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

/** The Diagnostics page (operations.md §3–§5): health for everyone, the checklist for operators. */
export const diagnosticsRoutes = [
  route({
    method: 'GET',
    url: '/api/diagnostics',
    summary: 'Core and database health; the recovery checklist for super admins (and admins with ADMIN_DIAGNOSTICS_ENABLED)',
    access: { kind: 'user' },
    handler: async ({ app, user }) => {
      const core = app.core.health.state();
      let database: { status: 'ok' } | { status: 'unreachable'; reason: string };
      let schemaVersion: number | null = null;
      try {
        schemaVersion = await readSchemaVersion(app.db);
        database = { status: 'ok' };
      } catch (err) {
        database = { status: 'unreachable', reason: describeError(err) };
      }
      const body = {
        core: { status: core.status, checkedAt: core.checkedAt },
        database,
        schemaVersion,
        expectedSchemaVersion: EXPECTED_SCHEMA_VERSION,
        grafanaUrl: app.config.GRAFANA_PUBLIC_URL ?? null,
      };
      const operator = await mayViewDiagnostics(app, user).catch(() => user.is_super_admin);
      return operator ? { ...body, checks: await runRecoveryChecks(app) } : body;
    },
  }),
  route({
    method: 'GET',
    url: '/api/diagnostics/audit',
    summary: 'Audit fallback file state (super admin; admins with ADMIN_DIAGNOSTICS_ENABLED)',
    access: { kind: 'user' },
    handler: async ({ app, user }) => {
      if (!(await mayViewDiagnostics(app, user))) throw forbidden();
      const [files, schemaVersion, drainedAt] = await Promise.all([
        auditFallbackStatus(app.config.auditFallbackFile),
        orNull(readSchemaVersion(app.db)),
        orNull(lastDrainAt(app.db)),
      ]);
      return {
        ...files,
        retentionDays: app.config.AUDIT_RETENTION_DAYS,
        schemaVersion: schemaVersion ?? app.dbState.schemaVersion,
        lastDrainAt: drainedAt?.toISOString() ?? null,
      };
    },
  }),
];
