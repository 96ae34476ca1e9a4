import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FallbackFile, FallbackRefusedError } from '../../src/server/audit/fallback-file.js';

interface Logged {
  level: string;
  msg: string;
}

function recorder() {
  const logged: Logged[] = [];
  return { logged, logger: { warn: (_o: object, msg: string) => logged.push({ level: 'warn', msg }), error: (_o: object, msg: string) => logged.push({ level: 'error', msg }) } };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-audit-fb-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const linesOf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('FallbackFile', () => {
  it('creates the file 0600 and appends whole lines from many concurrent writers', async () => {
    const file = path.join(dir, 'fb.jsonl');
    const fb = new FallbackFile(file, recorder().logger);
    await Promise.all(Array.from({ length: 300 }, (_, i) => fb.append(JSON.stringify({ i, pad: 'x'.repeat(i) }))));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const got = linesOf(file).map((l) => (JSON.parse(l) as { i: number }).i);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('refuses a symlink (and leaves its target alone), counting as a failed write with a clear log', async () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'keep\n');
    const file = path.join(dir, 'fb.jsonl');
    fs.symlinkSync(target, file);
    const r = recorder();
    const err = await new FallbackFile(file, r.logger).append('{"a":1}').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FallbackRefusedError);
    expect((err as FallbackRefusedError).reason).toBe('unsafe_path');
    expect((err as Error).message).toMatch(/symlink/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep\n');
    expect(r.logged.some((l) => l.level === 'error' && l.msg.startsWith('[audit-fallback]'))).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a file owned by another user', async () => {
    const file = path.join(dir, 'fb.jsonl');
    fs.writeFileSync(file, '', { mode: 0o600 });
    fs.chownSync(file, 65534, 65534);
    const err = await new FallbackFile(file, recorder().logger).append('{"a":1}').catch((e: unknown) => e);
    expect((err as FallbackRefusedError).reason).toBe('unsafe_path');
    expect((err as Error).message).toMatch(/owned by uid 65534/);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('warns past the warning size once, and refuses loudly past the cap', async () => {
    const file = path.join(dir, 'fb.jsonl');
    const r = recorder();
    const fb = new FallbackFile(file, r.logger, { warnBytes: 100, maxBytes: 300 });
    const line = 'y'.repeat(59); // 60 bytes with the newline
    for (let i = 0; i < 5; i++) await fb.append(line);
    expect(r.logged.filter((l) => l.msg.startsWith('[audit-fallback] the audit fallback file passed'))).toHaveLength(1);
    const err = await fb.append(line).catch((e: unknown) => e);
    expect((err as FallbackRefusedError).reason).toBe('overflow');
    expect(r.logged.some((l) => l.msg.startsWith('[audit-fallback-overflow]'))).toBe(true);
    expect(linesOf(file)).toHaveLength(5);
  });

  it('loses nothing when a drainer renames or deletes the file while writers append', async () => {
    const file = path.join(dir, 'fb.jsonl');
    const fb = new FallbackFile(file, recorder().logger);
    const moved: string[] = [];
    let stop = false;
    const drainer = (async () => {
      for (let k = 0; !stop && k < 10_000; k++) {
        await new Promise((r) => setTimeout(r, 15)); // far more often than real drains, which take seconds
        if (!fs.existsSync(file)) continue;
        const to = path.join(dir, `moved-${k}`);
        fs.renameSync(file, to);
        moved.push(to);
      }
    })();
    const n = 400;
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: n / 20 }, (_, i) => fb.append(String(round * 1000 + i))));
      await new Promise((r) => setTimeout(r, 5));
    }
    stop = true;
    await drainer;
    const seen = new Set([...moved, file].flatMap(linesOf));
    expect(moved.length).toBeGreaterThan(0);
    expect(seen.size).toBe(n);
  });

  it('keeps no file handle open between flushes (a deleted file is recreated)', async () => {
    const file = path.join(dir, 'fb.jsonl');
    const fb = new FallbackFile(file, recorder().logger);
    await fb.append('1');
    fs.unlinkSync(file);
    await fb.append('2');
    expect(linesOf(file)).toEqual(['2']);
    const lsof = spawnSync('ls', ['-l', `/proc/${process.pid}/fd`], { encoding: 'utf8' });
    expect(lsof.stdout).not.toContain(file);
  });

  it('reserves room for a request before it acts: refused when full or unsafe, and the room is kept from writes without a reservation', async () => {
    const file = path.join(dir, 'fb.jsonl');
    const fb = new FallbackFile(file, recorder().logger, { warnBytes: 1000, maxBytes: 300 });
    const first = await fb.reserve(100);
    expect(first.ok).toBe(true);
    expect(fs.existsSync(file)).toBe(false); // proving room writes nothing
    const second = await fb.reserve(100);
    expect(second.ok).toBe(true);
    expect(await fb.reserve(101)).toMatchObject({ ok: false, reason: 'overflow' });
    // 200 bytes are promised: a write without a reservation gets only the other 100.
    const unreserved = await fb.append('x'.repeat(150)).catch((e: unknown) => e);
    expect(unreserved).toMatchObject({ reason: 'overflow' });
    await fb.append('y'.repeat(150), true); // a reserved write may use the room
    if (first.ok) first.release();
    if (second.ok) second.release();
    expect(await fb.reserve(150)).toMatchObject({ ok: false, reason: 'overflow' }); // 151 bytes on disk
    expect((await fb.reserve(149)).ok).toBe(true);

    const link = path.join(dir, 'link.jsonl');
    fs.symlinkSync(path.join(dir, 'target'), link);
    expect(await new FallbackFile(link, recorder().logger).reserve()).toMatchObject({ ok: false, reason: 'unsafe_path' });
  });
});
