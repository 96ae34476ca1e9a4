import { COMMANDS } from './commands.js';

/** `mc <command>`: operator commands (migrate, seed, audit, backup, restore, doctor). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || name === '--help' || name === 'help') {
    process.stdout.write(`usage:\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}\n`);
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
