// E2E harness: the real server (its own seeded database, optionally the Core simulator) serving the
// built UI, driven by Debian Chromium through playwright-core.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../support/free-port.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { startSim, type RunningSim, type StartSimOptions } from '../../support/sim.js';
import { ensureWebBuild, webDistDir } from './web-build.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
/**
 * Where every e2e screenshot is kept as a test artifact (README "Testing"): the states journeys show
 * (`seen`, `screenshot`) and, when a test fails, each page it had open (`screenshotOpenPages`).
 */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
/** The pages of this file's browsers not yet closed, for the failure screenshots. */
const openPages = new Set<Page>();

export interface E2EEnv {
  srv: TestServer;
  sim: RunningSim | null;
  /** The page origin; NEXTAUTH_URL is set to it so the server's Origin check accepts the browser. */
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with one page; `problems` collects CSP violations and page errors. */
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  stop(): Promise<void>;
}

export async function startE2E(label: string, opts: { sim?: boolean | StartSimOptions; overrides?: Record<string, string> } = {}): Promise<E2EEnv> {
  await ensureWebBuild();
  const sim = opts.sim ? await startSim(typeof opts.sim === 'object' ? opts.sim : {}) : null;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const simUrls: Record<string, string> = sim
    ? {
        CORE_API_URL: sim.coreUrl,
        CORE_HEALTH_URL: sim.healthUrl,
        PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
        PROXY_API_URL: sim.proxyUrl,
        CORE_POLL_INTERVAL_MS: '300',
        CORE_HEALTH_INTERVAL_MS: '500',
        CORE_HEALTH_DOWN_INTERVAL_MS: '300',
      }
    : {};
  const srv = await startTestServer({ PORT: String(port), NEXTAUTH_URL: baseUrl, WEB_DIST_DIR: webDistDir, ...simUrls, ...opts.overrides }, label);
  // chromium.launch gives every browser a fresh temporary profile (user-data-dir) and deletes it on close.
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, timeout: 60_000 });
  } catch (err) {
    await srv.stop();
    await sim?.stop();
    throw err;
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  return {
    srv,
    sim,
    baseUrl,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: options.locale ?? 'en-GB',
        timezoneId: 'Asia/Tashkent',
        viewport: options.viewport ?? { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      openPages.add(page);
      page.on('close', () => openPages.delete(page));
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
      });
      page.on('dialog', (dialog) => void dialog.accept());
      return { context, page, problems };
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await srv.stop();
      await sim?.stop();
    },
  };
}

/** Signs in through the login form and waits until the console has left the login page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/e-mail|почта/i).fill(email);
  await page.getByLabel(/^(password|пароль)$/i).fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** After a failed test: every open page as `failed-<test>-<n>.png`, what each person saw when it failed. */
export async function screenshotOpenPages(testName: string): Promise<void> {
  const base = `failed-${testName.toLowerCase().replace(/[^a-z0-9а-яё]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80)}`;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  let n = 0;
  for (const page of openPages) await screenshot(page, `${base}-${++n}`).catch(() => undefined);
}
