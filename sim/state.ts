import type { TLSSocket } from 'node:tls';
import type { SimClock } from './clock.js';
import type { SimConfig } from './config.js';
import { noFaults, type Faults } from './faults.js';
import { JobStore } from './jobs.js';

export interface ClientCertSeen {
  subject: string | null;
  serial: string | null;
  fingerprint256: string | null;
  at: string;
}

export interface ProxyToken {
  appId: string;
  expiresAt: number;
}

/** Everything the simulator knows, in memory only: a restart forgets all jobs. */
export interface SimState {
  config: SimConfig;
  clock: SimClock;
  jobs: JobStore;
  faults: Faults;
  lastClientCert: { core: ClientCertSeen | null; proxy: ClientCertSeen | null };
  proxyTokens: Map<string, ProxyToken>;
  /** Uploads read to the end and held by the `holdUploads` fault; each resolves when it is switched off. */
  heldUploads: (() => void)[];
  /** `activeJobLists`: first pages of the active-job list, i.e. status-poll cycles (replica tests count them). */
  counters: { coreRequests: number; activeJobLists: number; proxyLogins: number; proxyRequests: number; proxyUnauthorized: number };
}

export function createSimState(config: SimConfig, clock: SimClock): SimState {
  return {
    config,
    clock,
    jobs: new JobStore(clock, { sendRate: config.sendRate, failureShare: config.failureShare }),
    faults: noFaults(),
    lastClientCert: { core: null, proxy: null },
    proxyTokens: new Map(),
    heldUploads: [],
    counters: { coreRequests: 0, activeJobLists: 0, proxyLogins: 0, proxyRequests: 0, proxyUnauthorized: 0 },
  };
}

export function resetSimState(state: SimState): void {
  state.jobs.reset();
  state.faults = noFaults();
  for (const release of state.heldUploads.splice(0)) release();
  state.lastClientCert = { core: null, proxy: null };
  state.proxyTokens.clear();
  state.counters = { coreRequests: 0, activeJobLists: 0, proxyLogins: 0, proxyRequests: 0, proxyUnauthorized: 0 };
  state.clock.setTimeScale(state.config.timeScale);
}

export function describeClientCert(socket: TLSSocket): ClientCertSeen {
  const cert = socket.getPeerCertificate();
  const cn = cert.subject?.CN;
  return {
    subject: cn === undefined ? null : `CN=${Array.isArray(cn) ? cn.join(',') : cn}`,
    serial: cert.serialNumber ?? null,
    fingerprint256: cert.fingerprint256 ?? null,
    at: new Date().toISOString(),
  };
}
