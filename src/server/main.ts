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
  const shutdown = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
