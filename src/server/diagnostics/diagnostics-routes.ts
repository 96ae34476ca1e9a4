import { auditFallbackAnswer, diagnosticsAnswer } from '../../contract/operations.js';
import { lastDrainAt } from '../audit/drain-fallback.js';
import { databaseReason, describeError, type DatabaseReason } from '../db/connection.js';
import { forbidden } from '../http/errors.js';
import { route } from '../http/route.js';
import { readSchemaVersion } from '../migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from '../migrations/steps.js';
import { auditFallbackStatus } from './audit-fallback-status.js';
import { mayViewDiagnostics } from './diagnostics-access.js';
import { recoveryChecklist } from './recovery-check-cache.js';
import { UNREACHABLE } from './recovery-checks.js';

/** Either the value, or null while the database is away (diagnostics must answer then too). */
const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

/** The Diagnostics page (operations.md §3–§5): health for everyone, the checklist for operators. */
export const diagnosticsRoutes = [
  route({
    method: 'GET',
    url: '/api/diagnostics',
    summary: 'Core and database health; the recovery checklist (computed at most once a minute) for super admins (and admins with ADMIN_DIAGNOSTICS_ENABLED)',
    access: { kind: 'user' },
    responses: { 200: diagnosticsAnswer },
    handler: async ({ app, user }) => {
      const core = app.core.health.state();
      let database: { status: 'ok' } | { status: 'unreachable'; reason: DatabaseReason; detail?: string };
      let schemaVersion: number | null = null;
      try {
        schemaVersion = await readSchemaVersion(app.db);
        database = { status: 'ok' };
      } catch (err) {
        // The driver's text names hosts: super admins and the log get it, everyone else a code.
        database = { status: 'unreachable', reason: databaseReason(err), ...(user.is_super_admin ? { detail: describeError(err) } : {}) };
        app.logger.warn({ reason: describeError(err) }, 'diagnostics: database unreachable');
      }
      const body = {
        core: { status: core.status, checkedAt: core.checkedAt },
        database,
        schemaVersion,
        expectedSchemaVersion: EXPECTED_SCHEMA_VERSION,
        grafanaUrl: app.config.GRAFANA_PUBLIC_URL ?? null,
      };
      const operator = await mayViewDiagnostics(app, user).catch(() => user.is_super_admin);
      if (!operator) return body;
      const { checks, computedAt } = await recoveryChecklist(app);
      // Admins allowed by ADMIN_DIAGNOSTICS_ENABLED see the checklist without the driver's text.
      return {
        ...body,
        checks: user.is_super_admin ? checks : checks.map((c) => (c.detail.startsWith(UNREACHABLE) ? { ...c, detail: UNREACHABLE } : c)),
        checksComputedAt: computedAt.toISOString(),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/diagnostics/audit',
    summary: 'Audit fallback file state (super admin; admins with ADMIN_DIAGNOSTICS_ENABLED)',
    access: { kind: 'user' },
    responses: { 200: auditFallbackAnswer },
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
