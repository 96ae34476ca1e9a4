// The automated accessibility audit: axe-core, evaluated in the page through the DevTools protocol (so the
// console's Content-Security-Policy, which forbids injected scripts, stays as it is), on what is on screen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const inFlight = new WeakMap<Page, Set<Request>>();

/**
 * Counts the page's requests in flight (event streams aside, they stay open), so the audit can wait until
 * what a screen or a tab asked for has arrived: a load state is reached once per navigation, not per fetch.
 */
export function watchRequests(page: Page): void {
  const open = new Set<Request>();
  inFlight.set(page, open);
  page.on('request', (request) => {
    if (request.resourceType() !== 'eventsource') open.add(request);
  });
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
}

/**
 * Fails with each serious or critical axe violation (rule, help, the elements) on the page once its
 * requests have answered (with `watchRequests`) and React has painted them.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const open = inFlight.get(page);
  if (open) await expect.poll(() => open.size, { timeout: 15_000 }).toBe(0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('; ')}`);
  expect(serious, `${new URL(page.url()).pathname}\n${serious.join('\n')}`).toEqual([]);
}

/** A state a journey shows: kept as a screenshot (a test artifact) and audited. */
export async function seen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectNoSeriousA11yViolations(page);
}
