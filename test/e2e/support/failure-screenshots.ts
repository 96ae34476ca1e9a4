// Setup file of the e2e project: a failing test keeps a screenshot of every page it had open, next to
// the screenshots the journeys take on purpose (test-results/screenshots).
import { beforeEach } from 'vitest';
import { screenshotOpenPages } from './browser.js';

beforeEach(({ task, onTestFailed }) => {
  const name = [task.suite?.name, task.name].filter(Boolean).join(' ');
  onTestFailed(() => screenshotOpenPages(name));
});
