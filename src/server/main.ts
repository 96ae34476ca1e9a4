import { ConfigError, loadConfig, runtimeMode } from './config/config.js';
import { applyEnvFile } from './config/dev-env-file.js';
import { startServer } from './start-server.js';

/** `node dist/src/server/main.js` (compiled by `npm run build`): the production entry point. */
async function main(): Promise<void> {
  const mode = runtimeMode(process.env.NODE_ENV);
  if (mode !== 'production') applyEnvFile(process.env, '.env', true);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`config: ${p}\n`);
      process.exit(2);
    }
    throw err;
  }
  const running = await startServer(config, { onFatal: () => process.exit(3) });
  process.stdout.write(`Message Center listening on ${running.url}\n`);
  // SIGTERM: stop taking requests, end event streams, let requests finish for SHUTDOWN_GRACE_SECONDS,
  // abort what is left (uploads remove their spill files), and exit; never later than 5 s after that.
  const shutdown = async (signal: NodeJS.Signals) => {
    process.stdout.write(`Message Center stopping (${signal})\n`);
    setTimeout(() => {
      process.stderr.write('shutdown did not finish in time; exiting\n');
      process.exit(1);
    }, (config.SHUTDOWN_GRACE_SECONDS + 5) * 1000).unref();
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
