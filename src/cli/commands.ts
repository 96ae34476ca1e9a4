import { cliConfig, withDatabase } from './cli-context.js';
import { migrate } from '../server/migrations/migrate.js';
import { seed } from '../server/seed/seed.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { doctorCommand } from './doctor-command.js';
import { auditCommand } from './audit-commands.js';

export interface Command {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export const COMMANDS: Command[] = [
  {
    name: 'migrate',
    usage: 'mc migrate                 apply pending migrations (idempotent; refuses a newer database)',
    run: async () => {
      const config = cliConfig();
      const r = await withDatabase(config, ({ db }) => migrate(db, { auditRetentionDays: config.AUDIT_RETENTION_DAYS, log: say }));
      say(r.applied.length ? `schema version ${r.from} → ${r.to}` : `schema version ${r.to}: up to date`);
      return 0;
    },
  },
  {
    name: 'seed',
    usage: 'mc seed                    migrate, then create or repair the super admin and the default workspace',
    run: async () => {
      const config = cliConfig();
      const r = await withDatabase(config, ({ db }) => seed(db, config, say));
      if (r.createdUser) say(`super admin created: ${r.email}`);
      else say(`super admin present: ${r.email}`);
      if (r.generatedPassword) say(`generated password (shown once): ${r.generatedPassword}`);
      for (const fix of r.repaired) say(`repaired: ${fix}`);
      return 0;
    },
  },
  backupCommand,
  restoreCommand,
  doctorCommand,
  auditCommand,
];
