// SIGTERM to a real server process holding an open event stream and an upload in flight: the
// stream ends with a retry hint, new connections are refused, the upload is cut after the grace
// period with its spill files removed, and the process exits in bounded time.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { envOf } from './ops-cli.js';
import { putStream } from './recipients-upload-client.js';
import { killServer, SOURCE_ENTRY, spawnServer, type ServerProcess } from '../support/server-process.js';

const GRACE_S = 3;
let env: CampaignEnv;
let serverTmp: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  env = await startCampaignEnv('shutdown');
  serverTmp = await mkdtemp(join(tmpdir(), 'mc-shutdown-'));
});
afterAll(async () => {
  await killServer(server);
  await env?.stop();
  await rm(serverTmp, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The raw text of an event stream as it arrives, and whether the server ended it. */
async function openRawStream(url: string, cookie: string) {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', cookie } });
  expect(res.status).toBe(200);
  const state = { text: '', ended: false };
  void (async () => {
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) state.text += decoder.decode(r.value, { stream: true });
  })()
    .catch(() => undefined)
    .finally(() => (state.ended = true));
  return state;
}

describe('SIGTERM', () => {
  it('ends event streams with a retry hint, refuses new connections, aborts the upload cleanly and exits in bounded time', async () => {
    const config = env.srv.app.config;
    server = await spawnServer(SOURCE_ENTRY, {
      ...envOf(config),
      PORT: '0',
      TMPDIR: serverTmp,
      AUDIT_FALLBACK_FILE: join(tmpdir(), `mc-shutdown-fallback-${process.pid}.jsonl`),
      UPLOAD_DEDUPE_MEMORY_MB: '1', // spills to files after a few hundred thousand numbers
      SHUTDOWN_GRACE_SECONDS: String(GRACE_S),
      TSX_DISABLE_CACHE: '1', // tsx would keep its compile cache in $TMPDIR
    });
    const url = server.url;
    const cookie = env.author.client.sessionCookie!;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'readiness');

    const stream = await openRawStream(`${url}${env.base}/events`, cookie);
    await until(() => stream.text.includes('retry:'), 'the stream to open');

    // An upload that sends 1 200 000 distinct numbers (spill files are written from ~620 000 on with a
    // 1 MiB dedupe budget), then holds the request open.
    const c = await createCampaign(env, env.author);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const body = async function* () {
      for (let i = 0; i < 1_200_000; i += 10_000) yield Buffer.from(Array.from({ length: 10_000 }, (_, j) => `9989${String(10_000_000 + i + j)}\n`).join(''));
      await held;
    };
    const upload = putStream({ url: `${url}${env.base}/campaigns/${c.external_id}/recipients`, cookie, body: body(), timeoutMs: 60_000 }).then(
      (r) => `answered ${r.status}`,
      (err: Error) => `cut: ${err.message}`,
    );
    await until(async () => (await filesUnder(serverTmp)).some((f) => f.includes('/mc-recipients-')), 'the upload to write spill files');

    const sent = Date.now();
    server.child.kill('SIGTERM');

    // Event streams end at once, with `retry:` as their last frame.
    await until(() => stream.ended, 'the event stream to end', 5_000);
    expect(stream.text.trimEnd()).toMatch(/retry: \d+$/);
    expect(stream.text.match(/retry: /g)?.length).toBe(2);
    // No new requests while the upload still has its grace period: refused, or 503 in the instant
    // between the streams' end and the listener's close.
    const late = await fetch(`${url}/healthz`).then((r) => r.status, () => 'refused');
    expect(['refused', 503]).toContain(late);
    expect(server.child.exitCode).toBeNull();

    const exit = await server.exited;
    const seconds = (Date.now() - sent) / 1000;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(seconds).toBeGreaterThanOrEqual(GRACE_S - 0.5);
    expect(seconds).toBeLessThan(GRACE_S + 5);
    expect(await upload).toMatch(/^(cut|answered 5)/);
    expect(await filesUnder(serverTmp), server.stderr()).toEqual([]);
    release();
  });
});
