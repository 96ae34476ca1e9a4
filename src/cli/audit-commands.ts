import { auditMacKey } from '../server/audit/audit-mac.js';
import { drainFallback } from '../server/audit/drain-fallback.js';
import { importAuditLines, type ImportProgress } from '../server/audit/import-audit-lines.js';
import { cliConfig, withDatabase } from './cli-context.js';
import type { Command } from './commands.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const describe = (p: ImportProgress) => `${p.file}: ${p.lines} lines, ${p.inserted} inserted, ${p.duplicates} already present, ${p.rejected} rejected`;

/** Progress on stderr at most twice a second, so stdout keeps only the summary. */
function progressPrinter(): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    process.stderr.write(`  … ${describe(p)}\n`);
  };
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
  run: async ([sub, file]) => {
    const config = cliConfig();
    const key = auditMacKey(config.NEXTAUTH_SECRET);
    if (sub === 'drain') {
      const outcome = await withDatabase(config, ({ db }) => drainFallback(config.auditFallbackFile, { db, key, onProgress: progressPrinter() }));
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
      const p = await withDatabase(config, ({ db }) => importAuditLines(file, { db, key, rejectedPath: `${file}.rejected`, onProgress: progressPrinter() }));
      say(describe(p));
      if (p.rejected) say(`${p.rejected} line(s) refused: see ${file}.rejected`);
      return p.rejected ? 1 : 0;
    }
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  },
};
