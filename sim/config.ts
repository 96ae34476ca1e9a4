import { parseArgs } from 'node:util';

export interface SimConfig {
  host: string;
  ports: { core: number; proxy: number; health: number; control: number };
  certsDir: string;
  timeScale: number;
  sendRate: number;
  failureShare: number;
  coreApiKey: string;
  proxy: { tokenTtlS: number; email: string | null; password: string | null; appId: string | null };
}

function numberFrom(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`sim: invalid ${name}: ${raw}`);
  return n;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 65536;

/** Flags win over environment variables; `0` as a port means "pick a free one". */
export function loadSimConfig(argv: string[], env: NodeJS.ProcessEnv): SimConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      'core-port': { type: 'string' },
      'proxy-port': { type: 'string' },
      'health-port': { type: 'string' },
      'control-port': { type: 'string' },
      certs: { type: 'string' },
      host: { type: 'string' },
      'time-scale': { type: 'string' },
      'send-rate': { type: 'string' },
      'failure-share': { type: 'string' },
    },
    strict: true,
  });
  return {
    host: values.host ?? env.SIM_HOST ?? '127.0.0.1',
    ports: {
      core: numberFrom('core port', values['core-port'] ?? env.SIM_CORE_PORT, 8080, isPort),
      proxy: numberFrom('proxy port', values['proxy-port'] ?? env.SIM_PROXY_PORT, 8088, isPort),
      health: numberFrom('health port', values['health-port'] ?? env.SIM_HEALTH_PORT, 8092, isPort),
      control: numberFrom('control port', values['control-port'] ?? env.SIM_CONTROL_PORT, 8099, isPort),
    },
    certsDir: values.certs ?? env.SIM_CERTS_DIR ?? 'certs',
    timeScale: numberFrom('SIM_TIME_SCALE', values['time-scale'] ?? env.SIM_TIME_SCALE, 1, (n) => n > 0),
    sendRate: numberFrom('SIM_SEND_RATE', values['send-rate'] ?? env.SIM_SEND_RATE, 100, (n) => n >= 0),
    failureShare: numberFrom('SIM_FAILURE_SHARE', values['failure-share'] ?? env.SIM_FAILURE_SHARE, 0.02, (n) => n >= 0 && n <= 1),
    coreApiKey: env.SIM_CORE_API_KEY || env.CORE_ADMIN_API_KEY || 'dev-core-key',
    proxy: {
      tokenTtlS: numberFrom('SIM_PROXY_TOKEN_TTL_S', env.SIM_PROXY_TOKEN_TTL_S, 3600, (n) => n > 0),
      email: env.SIM_PROXY_EMAIL || null,
      password: env.SIM_PROXY_PASSWORD || null,
      appId: env.SIM_PROXY_APP_ID || null,
    },
  };
}
