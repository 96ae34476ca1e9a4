import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { COMMANDS } from './commands.js';

const write = (text: string) => process.stdout.write(`${text}\n`);

/** The version in package.json, found upwards from this file (src/cli or dist/src/cli). */
function version(): string {
  for (let dir = new URL('./', import.meta.url); dir.pathname !== '/'; dir = new URL('../', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'message-center' && pkg.version) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

/** `--flag=value` is the same as `--flag value`. */
export function splitFlagValues(args: string[]): string[] {
  return args.flatMap((arg) => {
    const m = /^(--[a-z][a-z0-9-]*)=(.*)$/s.exec(arg);
    return m ? [m[1]!, m[2]!] : [arg];
  });
}

function overview(): string {
  return [
    'usage: mc COMMAND [OPTIONS]   (mc help COMMAND for one command; --flag=value or --flag value)',
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '  mc --version               print the version',
  ].join('\n');
}

const helpOf = (command: Command) => `usage: ${command.usage}\n\n${command.help}`;

/** `mc <command>`: operator commands (migrate, seed, audit, backup, restore, doctor). */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    write(`mc ${version()}`);
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = COMMANDS.find((c) => c.name === topic);
    if (topic && !command) {
      process.stderr.write(`mc: no command "${topic}"\n${overview()}\n`);
      return 2;
    }
    write(command ? helpOf(command) : overview());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`mc: no command "${name}"\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    write(helpOf(command));
    return 0;
  }
  return command.run(splitFlagValues(rest));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
