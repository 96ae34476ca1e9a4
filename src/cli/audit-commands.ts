import { auditMacKey } from '../server/audit/audit-mac.js';
import { drainFallback } from '../server/audit/drain-fallback.js';
import { importAuditLines, type ImportProgress } from '../server/audit/import-audit-lines.js';
import { DATABASE_SETTINGS_HELP, databaseSettings, withDatabase } from './cli-context.js';
import type { Command } from './command.js';
import { terminalProgress } from './progress.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const describe = (p: ImportProgress) => `${p.file}: ${p.lines} lines, ${p.inserted} inserted, ${p.duplicates} already present, ${p.rejected} rejected`;

/** Progress on a terminal, redrawn in place; nothing in scripts, where stdout keeps only the summary. */
async function withProgress<T>(work: (onProgress: (p: ImportProgress) => void) => Promise<T>): Promise<T> {
  const progress = terminalProgress();
  try {
    return await work((p) => progress.update(`  … ${describe(p)}`));
  } finally {
    progress.done();
  }
}

const USAGE = 'mc audit drain | mc audit import FILE   move the audit fallback file into audit_logs / import an Extended JSON lines file';

/**
 * `mc audit drain`: the drain the server runs after a database outage, forced now.
 * `mc audit import FILE`: what `mongoimport --collection=audit_logs --mode=insert --file=FILE`
 * does, with the mac check; refused lines go to `FILE.rejected`.
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  help: [
    'drain: moves the fallback file (and a .draining one left by a crash) into audit_logs now; import: one file by hand.',
    'Lines are Extended JSON; duplicates count as already present; lines that fail the audit key check go to FILE.rejected.',
    `${DATABASE_SETTINGS_HELP}, AUDIT_FALLBACK_FILE / TMPDIR, and NEXTAUTH_SECRET (the audit key).`,
  ].join('\n'),
  run: async ([sub, file]) => {
    // The audit key (from NEXTAUTH_SECRET) checks that each line was written by Message Center.
    const config = databaseSettings(['NEXTAUTH_SECRET']);
    const key = auditMacKey(config.NEXTAUTH_SECRET);
    if (sub === 'drain') {
      const outcome = await withDatabase(config, ({ db }) => withProgress((onProgress) => drainFallback(config.auditFallbackFile, { db, key, onProgress })));
      if (outcome.status === 'busy') {
        say(`another process is draining ${config.auditFallbackFile} (see ${config.auditFallbackFile}.lock)`);
        return 1;
      }
      if (!outcome.files.length) say(`nothing to drain: ${config.auditFallbackFile} is absent`);
      for (const f of outcome.files) say(describe(f));
      const rejected = outcome.files.reduce((n, f) => n + f.rejected, 0);
      if (rejected) say(`${rejected} line(s) refused: see ${config.auditFallbackFile}.rejected`);
      return rejected ? 1 : 0;
    }
    if (sub === 'import' && file) {
      const p = await withDatabase(config, ({ db }) => withProgress((onProgress) => importAuditLines(file, { db, key, rejectedPath: `${file}.rejected`, onProgress })));
      say(describe(p));
      if (p.rejected) say(`${p.rejected} line(s) refused: see ${file}.rejected`);
      return p.rejected ? 1 : 0;
    }
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  },
};
