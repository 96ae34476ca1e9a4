import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

/** Secrets that development generates on first run and keeps in the git-ignored `.env`. */
const GENERATED_SECRETS = ['NEXTAUTH_SECRET', 'CORE_ADMIN_API_KEY', 'BFF_PROXY_PASSWORD', 'SEED_SUPER_ADMIN_PASSWORD'] as const;

function generate(name: (typeof GENERATED_SECRETS)[number]): string {
  if (name === 'CORE_ADMIN_API_KEY') return 'dev-core-key'; // the simulator's default key
  // 16 characters, kept so `make run` can print the login every time.
  if (name === 'SEED_SUPER_ADMIN_PASSWORD') return randomBytes(12).toString('base64url');
  return randomBytes(32).toString('base64url');
}

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * Reads `.env` into `env` (real environment wins). In development and test, secrets that are
 * still missing are generated and appended to `.env` so the next start reuses them.
 */
export function applyEnvFile(env: NodeJS.ProcessEnv, file = '.env', generateMissing = false): void {
  const existing = fs.existsSync(file) ? parseEnvFile(fs.readFileSync(file, 'utf8')) : {};
  for (const [k, v] of Object.entries(existing)) if (env[k] === undefined) env[k] = v;
  if (!generateMissing) return;
  const added: string[] = [];
  for (const name of GENERATED_SECRETS) {
    if (env[name]) continue;
    env[name] = generate(name);
    added.push(`${name}=${env[name]}`);
  }
  if (added.length) fs.appendFileSync(file, `# generated for development on ${new Date().toISOString()}\n${added.join('\n')}\n`, { mode: 0o600 });
}
