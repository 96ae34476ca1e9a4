import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Db } from 'mongodb';
import type { Command } from './command.js';
import { DATABASE_SETTINGS_HELP, databaseSettings, withDatabase } from './cli-context.js';
import { terminalProgress } from './progress.js';
import type { DatabaseSettings } from '../server/config/config.js';
import {
  backupDatabase,
  clearDumpDirectory,
  findMongoTool,
  readArchive,
  readDumpDirectory,
  restoreDatabase,
  digestDatabase,
  DigestBuilder,
  verifyBackup,
  type ArchiveEvent,
  type DatabaseDigest,
  type BackupLocation,
  type RestoreSummary,
} from '../backup/index.js';
import { fallbackPaths } from '../server/audit/fallback-paths.js';
import { ensureIndexes } from '../server/migrations/indexes.js';
import { EXPECTED_SCHEMA_VERSION, readSchemaVersion } from '../server/migrations/migrate.js';

export const BACKUP_PREFIX = 'message-center-';
export const ARCHIVE_SUFFIX = '.archive.gz';
export const DEFAULT_KEEP = 7;
const NAME_PATTERN = /^message-center-(\d{8}_\d{6})(.*)$/;
/** Suffixes of the audit fallback copies kept beside a backup (the live file and its `.draining` sibling). */
const FALLBACK_COPY_SUFFIXES = ['.audit-fallback.jsonl', '.audit-fallback.draining.jsonl'] as const;
/** Written beside a backup that `--verify` proved: `{verified_at, collections, documents}`. */
export const VERIFIED_SUFFIX = '.verified.json';
const COMPANION_SUFFIXES = [...FALLBACK_COPY_SUFFIXES, VERIFIED_SUFFIX];

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

export interface BackupArgs {
  out: string | null;
  dir: string | null;
  gzip: boolean;
  keep: number;
  verify: boolean;
}

/** Parses `[--out FILE] [--dir DIR] [--gzip] [--keep N] [--verify]`; throws a message for the usage line. */
export function parseBackupArgs(args: string[]): BackupArgs {
  const parsed: BackupArgs = { out: null, dir: null, gzip: false, keep: DEFAULT_KEEP, verify: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--out') parsed.out = value();
    else if (flag === '--dir') parsed.dir = value();
    else if (flag === '--gzip') parsed.gzip = true;
    else if (flag === '--verify') parsed.verify = true;
    else if (flag === '--keep') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--keep needs a whole number ≥ 1');
      parsed.keep = n;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (parsed.out && parsed.dir) throw new Error('--out and --dir exclude each other');
  return parsed;
}

/** `YYYYMMDD_HHMMSS` in UTC, the stamp of the seed's `date +%Y%m%d_%H%M%S`, sortable as text. */
export function backupStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}_${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

/**
 * The backups that `--keep N` removes: entries of the folder named like ours with the same
 * suffix as the one just written (archives and dump directories are kept apart), all but the
 * N newest by their stamp. Audit fallback copies follow their backup.
 */
export function backupsToRemove(entries: string[], written: string, keep: number): string[] {
  const suffix = NAME_PATTERN.exec(written)?.[2];
  if (suffix === undefined) return [];
  const backups = entries.filter((name) => NAME_PATTERN.exec(name)?.[2] === suffix).sort();
  const old = backups.slice(0, Math.max(0, backups.length - keep)).filter((name) => name !== written);
  return old.flatMap((name) => [name, ...COMPANION_SUFFIXES.map((s) => `${name}${s}`).filter((copy) => entries.includes(copy))]);
}

export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Credentials never reach the terminal. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Progress on a terminal (stderr): the running count of the current collection, redrawn in place,
 * and a line per finished collection. Nothing in scripts. A collection is finished when the next one starts.
 */
function progressDisplay(verb: string): { onProgress(collection: string, count: number): void; finish(): void } {
  const progress = terminalProgress();
  let current: { collection: string; count: number } | null = null;
  const finish = (): void => {
    if (current) progress.line(`${verb} ${current.collection}: ${current.count} documents`);
    current = null;
    progress.done();
  };
  return {
    onProgress(collection, count) {
      if (current && current.collection !== collection) finish();
      current = { collection, count };
      progress.update(`${verb} ${collection}: ${count} documents`);
    },
    finish,
  };
}

async function sizeOnDisk(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOnDisk(join(path, entry));
  return total;
}

function runTool(tool: string, args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) => done(code ?? 1));
  });
}

/**
 * Runs a Database Tool with the connection string in a `--config` YAML file (mode 0600, in a
 * private directory, deleted afterwards): on the command line its password would show in `ps`.
 */
async function runToolWithUri(tool: string, uri: string, args: string[]): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'mc-tool-'));
  const file = join(dir, 'config.yaml');
  try {
    await writeFile(file, `uri: '${uri.replace(/'/g, "''")}'\n`, { mode: 0o600 });
    return await runTool(tool, [`--config=${file}`, ...args]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Copies a non-empty audit fallback file (and its `.draining` sibling) beside the backup. */
async function copyAuditFallback(config: DatabaseSettings, backupPath: string): Promise<string[]> {
  const copied: string[] = [];
  const paths = fallbackPaths(config.auditFallbackFile);
  const sources = [paths.file, paths.draining];
  for (const [i, source] of sources.entries()) {
    const size = await stat(source).then((s) => (s.isFile() ? s.size : 0), () => 0);
    if (size === 0) continue;
    const target = `${backupPath}${FALLBACK_COPY_SUFFIXES[i]}`;
    await copyFile(source, target);
    copied.push(target);
  }
  return copied;
}

async function backup(args: string[]): Promise<number> {
  let options: BackupArgs;
  try {
    options = parseBackupArgs(args);
  } catch (err) {
    warn(`mc backup: ${(err as Error).message}\nusage: ${backupCommand.usage}`);
    return 2;
  }
  const config = databaseSettings();
  // Everything this command and mongodump create is the owner's only: 0600 files, 0700 folders.
  process.umask(0o077);
  const stamp = backupStamp(new Date());
  const target: BackupLocation = options.dir
    ? { dir: resolve(options.dir) }
    : { archiveFile: resolve(options.out ?? join('backups', `${BACKUP_PREFIX}${stamp}${ARCHIVE_SUFFIX}`)) };
  const path = 'dir' in target ? target.dir : target.archiveFile;
  // An archive is gzipped unless it is named otherwise; a directory only with --gzip (as mongodump).
  const gzip = options.gzip || ('archiveFile' in target && (options.out === null || options.out.endsWith('.gz')));
  await mkdir(dirname(path), { recursive: true });

  const mongodump = findMongoTool('mongodump');
  // What --verify compares the restored copy with: the documents as the built-in writer read
  // them, or (mongodump) the source read right after the dump.
  let expected: DatabaseDigest | null = null;
  if (mongodump) {
    warn(`mc backup: using ${mongodump}`);
    const where = 'dir' in target ? `--out=${target.dir}` : `--archive=${target.archiveFile}`;
    if ('dir' in target) await clearDumpDirectory(target.dir, config.MONGODB_DB); // mongodump overwrites files, never removes old ones
    const code = await runToolWithUri(mongodump, config.mongodbUri, [`--db=${config.MONGODB_DB}`, where, ...(gzip ? ['--gzip'] : [])]);
    if (code !== 0) {
      warn(`mc backup: mongodump failed (exit ${code}); ${path} is not a usable backup`);
      return 1;
    }
    if (options.verify) expected = await withDatabase(config, ({ db }) => digestDatabase(db));
  } else {
    warn(`mc backup: mongodump not on PATH; using the built-in writer (same format) for ${config.MONGODB_DB} at ${redactMongoUri(config.mongodbUri)}`);
    const progress = progressDisplay('dumped');
    const digest = new DigestBuilder();
    try {
      const onDocument = options.verify ? (collection: string, bson: Uint8Array) => digest.add(collection, bson) : undefined;
      const writeOptions = { gzip, onProgress: progress.onProgress, ...(onDocument ? { onDocument } : {}) };
      const written = await withDatabase(config, ({ db }) => backupDatabase(db, target, writeOptions));
      if (options.verify) {
        for (const c of written.collections) digest.touch(c.name);
        expected = digest.result();
      }
      progress.finish();
    } catch (err) {
      progress.finish();
      await rm(path, { recursive: true, force: true });
      warn(`mc backup: failed: ${(err as Error).message}; nothing was kept`);
      return 1;
    }
  }

  if ('archiveFile' in target) await chmod(path, 0o600); // also when --out named an existing file
  if (expected) {
    warn(`mc backup: verifying: restoring ${path} into a scratch database…`);
    const outcome = await withDatabase(config, ({ client }) => verifyBackup(client, config.MONGODB_DB, target, expected));
    if (outcome.differences.length) {
      for (const d of outcome.differences) warn(`  ${d}`);
      warn(`mc backup: VERIFY FAILED: ${path} does not restore to what was backed up (${outcome.differences.length} differences); scratch database ${outcome.scratchDb} dropped`);
      return 1;
    }
    await writeFile(`${path}${VERIFIED_SUFFIX}`, `${JSON.stringify({ verified_at: new Date().toISOString(), collections: outcome.collections, documents: outcome.documents })}\n`);
    say(`verified: ${outcome.collections} collections, ${outcome.documents} documents restore identically (scratch database dropped)`);
  }
  for (const copy of await copyAuditFallback(config, path)) say(`audit fallback file copied: ${copy} (import it after a restore with \`mc audit import\`)`);
  const removed = await applyRetention(path, options.keep);
  for (const name of removed) warn(`retention: removed ${name}`);
  say(`backup written: ${path} (${humanBytes(await sizeOnDisk(path))})`);
  return 0;
}

const ago = (ms: number): string => (ms < 3_600_000 ? `${Math.max(0, Math.round(ms / 60_000))} min` : ms < 172_800_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 86_400_000)} days`);

/** `mc doctor`'s line on the newest backup in `folder` that `--verify` proved; null when the folder is not there. */
export async function lastVerifiedBackup(folder: string, now = Date.now()): Promise<string | null> {
  const entries = await readdir(folder).catch(() => null);
  if (!entries) return null;
  let newest: { name: string; at: number } | null = null;
  for (const name of entries.filter((e) => NAME_PATTERN.test(e) && e.endsWith(VERIFIED_SUFFIX))) {
    const at = Date.parse((JSON.parse(await readFile(join(folder, name), 'utf8').catch(() => '{}')) as { verified_at?: string }).verified_at ?? '');
    if (Number.isFinite(at) && (!newest || at > newest.at)) newest = { name: name.slice(0, -VERIFIED_SUFFIX.length), at };
  }
  return newest ? `${newest.name}, verified ${ago(now - newest.at)} ago` : `none in ${folder} (run \`mc backup --verify\`)`;
}

async function applyRetention(written: string, keep: number): Promise<string[]> {
  const folder = dirname(written);
  const doomed = backupsToRemove(await readdir(folder), basename(written), keep);
  for (const name of doomed) await rm(join(folder, name), { recursive: true, force: true });
  return doomed;
}

/** Reads only the prelude, so a file that is not a backup is refused before anything is dropped. */
async function readPrelude(source: BackupLocation): Promise<Extract<ArchiveEvent, { type: 'prelude' }>> {
  const events = 'dir' in source ? readDumpDirectory(source.dir) : readArchive(createReadStream(source.archiveFile));
  try {
    const first = await events.next();
    if (first.done || first.value.type !== 'prelude') throw new Error('no prelude');
    return first.value;
  } finally {
    await events.return(undefined);
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

function reportSummary(summary: RestoreSummary): void {
  for (const failure of summary.insertFailures) warn(`  ${failure.collection}: ${failure.count} documents refused: ${failure.message}`);
  for (const failure of summary.indexFailures) warn(`  ${failure.collection}: index ${failure.index} from the backup refused (${failure.message}); the index step recreates ours`);
  if (!summary.error) return;
  warn(`mc restore: STOPPED: ${summary.error}`);
  warn(`  fully restored: ${summary.collections.map((c) => c.name).join(', ') || 'none'}`);
  for (const c of summary.interrupted) warn(`  INTERRUPTED (dropped, only ${c.count} documents restored): ${c.name}`);
  warn(`  not touched (left as they were): ${summary.notRestored.join(', ') || 'none'}`);
  warn('  Restore again from an intact backup before serving traffic.');
}

async function schemaAdvice(db: Db): Promise<string> {
  const version = await readSchemaVersion(db);
  if (version === EXPECTED_SCHEMA_VERSION) return `schema version ${version}: matches this code`;
  if (version < EXPECTED_SCHEMA_VERSION) return `schema version ${version} is older than this code (${EXPECTED_SCHEMA_VERSION}): run \`make migrate\` (mc migrate) before starting the server`;
  return `schema version ${version} is newer than this code (${EXPECTED_SCHEMA_VERSION}): deploy the code the backup was taken with`;
}

async function restore(args: string[]): Promise<number> {
  const yes = args.includes('--yes');
  const positional = args.filter((a) => a !== '--yes');
  if (positional.length !== 1 || positional[0]!.startsWith('--')) {
    warn(`usage: ${restoreCommand.usage}`);
    return 2;
  }
  const path = resolve(positional[0]!);
  const info = await stat(path).catch(() => null);
  if (!info) {
    warn(`mc restore: ${path} does not exist`);
    return 1;
  }
  const source: BackupLocation = info.isDirectory() ? { dir: path } : { archiveFile: path };
  let prelude;
  try {
    prelude = await readPrelude(source);
  } catch (err) {
    warn(`mc restore: ${path} is not a mongodump archive or dump directory (${(err as Error).message}); nothing was changed`);
    return 1;
  }
  const config = databaseSettings();
  const names = prelude.collections.filter((c) => c.type === 'collection' && !c.collection.startsWith('system.')).map((c) => c.collection);
  const what = `${names.length} collections of ${config.MONGODB_DB} at ${redactMongoUri(config.mongodbUri)} (${names.join(', ')})`;
  if (!yes) {
    if (!process.stdin.isTTY) {
      warn(`mc restore: would drop and replace ${what}; no terminal to confirm on: pass --yes`);
      return 1;
    }
    if (!(await confirm(`This drops and replaces ${what} with ${path}.\nType "yes" to continue: `))) {
      warn('mc restore: cancelled; nothing was changed');
      return 1;
    }
  }

  const progress = progressDisplay('restored');
  return withDatabase(config, async ({ db }) => {
    const summary = await restoreDatabase(db, source, { onProgress: progress.onProgress });
    progress.finish();
    reportSummary(summary);
    if (summary.error) return 1;
    say('recreating indexes (migrations index step)…');
    await ensureIndexes(db);
    say(`restored ${summary.collections.length} collections from ${path}`);
    say(await schemaAdvice(db));
    for (const suffix of FALLBACK_COPY_SUFFIXES) {
      const copy = `${path}${suffix}`;
      if (await stat(copy).then(() => true, () => false)) say(`an audit fallback copy lies beside the backup: import it with \`mc audit import ${copy}\``);
    }
    return summary.insertFailures.length ? 1 : 0;
  });
}

export const backupCommand: Command = {
  name: 'backup',
  usage:
    'mc backup [--out FILE] [--dir DIR] [--gzip] [--keep N] [--verify]   dump MONGODB_DB (mongodump when on PATH; keeps the N newest, default 7; --verify restores it into a scratch database and compares)',
  help: [
    'Writes a mongodump archive (gzip; default backups/message-center-YYYYMMDD_HHMMSS.archive.gz) or, with --dir, a dump directory;',
    'a non-empty audit fallback file is copied beside it. Progress on a terminal; in scripts only the final line.',
    '--verify restores the archive into a scratch database, compares every collection (count and content digest), drops it, exits 1 on a difference.',
    `${DATABASE_SETTINGS_HELP}, AUDIT_FALLBACK_FILE / TMPDIR.`,
  ].join('\n'),
  run: backup,
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'mc restore FILE|DIR [--yes]   drop and restore every collection of a backup, then recreate indexes',
  help: [
    'Reads an archive or dump directory (its own or real mongodump\'s), asks for confirmation unless --yes, drops and restores',
    'each collection in it, recreates the indexes and says whether `mc migrate` is needed. Progress on a terminal.',
    `${DATABASE_SETTINGS_HELP}.`,
  ].join('\n'),
  run: restore,
};
