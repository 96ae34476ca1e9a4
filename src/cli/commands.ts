import { DATABASE_SETTINGS_HELP, databaseSettings, withDatabase } from './cli-context.js';
import { migrate } from '../server/migrations/migrate.js';
import { SEED_SETTINGS, seed } from '../server/seed/seed.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { doctorCommand } from './doctor-command.js';
import { auditCommand } from './audit-commands.js';
import type { Command } from './command.js';


const say = (line: string) => process.stdout.write(`${line}\n`);

export const COMMANDS: Command[] = [
  {
    name: 'migrate',
    usage: 'mc migrate                 apply pending migrations (idempotent; refuses a newer database)',
    help: `Applies the numbered migrations not yet recorded in meta.schema and creates the indexes.\n${DATABASE_SETTINGS_HELP} and AUDIT_RETENTION_DAYS (90).`,
    run: async () => {
      const config = databaseSettings();
      const r = await withDatabase(config, ({ db }) => migrate(db, { auditRetentionDays: config.AUDIT_RETENTION_DAYS, log: say }));
      say(r.applied.length ? `schema version ${r.from} → ${r.to}` : `schema version ${r.to}: up to date`);
      return 0;
    },
  },
  {
    name: 'seed',
    usage: 'mc seed                    migrate, then create or repair the super admin and the default workspace',
    help: `Runs migrate, then creates or repairs the super admin and the default workspace; running it twice changes nothing.\n${DATABASE_SETTINGS_HELP}, SEED_SUPER_ADMIN_EMAIL, SEED_SUPER_ADMIN_NAME, SEED_SUPER_ADMIN_PASSWORD (under 8 characters: a random one, printed once), BCRYPT_COST.`,
    run: async () => {
      // In development the missing secrets are generated into .env here (make run's first step).
      const config = databaseSettings(SEED_SETTINGS, { generateDevSecrets: true });
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
