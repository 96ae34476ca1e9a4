// Core + Proxy simulator: its own process, speaking the integration contract over real mTLS.
// Usage: node dist/sim/main.js (or npx tsx sim/main.ts) [--core-port N] [--proxy-port N] [--health-port N] [--control-port N] [--certs DIR]
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:net';
import { createSimClock } from './clock.js';
import { loadSimConfig } from './config.js';
import { createControlServer } from './control.js';
import { createCoreApiServer } from './core-api.js';
import { createHealthServer } from './health.js';
import { createProxyApiServer } from './proxy-api.js';
import { createSimState } from './state.js';
import { loadServerTls } from './tls-material.js';

const TICK_MS = 50;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('sim: refusing to start with NODE_ENV=production (the simulator is for development and tests only)');
    process.exit(1);
  }
  const config = loadSimConfig(process.argv.slice(2), process.env);
  const tls = loadServerTls(config.certsDir);
  const state = createSimState(config, createSimClock(config.timeScale));

  const core = createCoreApiServer(state, tls);
  const proxy = createProxyApiServer(state, tls);
  const health = createHealthServer(state);
  const control = createControlServer(state, { core, proxy, health, tls });

  const ports = {
    core: await listen(core, config.ports.core, config.host),
    proxy: await listen(proxy, config.ports.proxy, config.host),
    health: await listen(health, config.ports.health, config.host),
    control: await listen(control, config.ports.control, '127.0.0.1'),
  };
  const ticker = setInterval(() => state.jobs.tick(), TICK_MS);

  console.error(
    `sim: state is in memory only (a restart forgets every job); time scale ${config.timeScale}, ` +
      `send rate ${config.sendRate}/s, failure share ${config.failureShare}, certs ${config.certsDir}`,
  );
  console.log(`sim ready ${JSON.stringify(ports)}`);

  const shutdown = (): void => {
    clearInterval(ticker);
    for (const server of [core, proxy, health, control]) {
      server.close();
      if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
    }
    setTimeout(() => process.exit(0), 1_000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(`sim: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
