import type { AppContext } from '../app-context.js';
import { readPresets, type Presets } from './preset-store.js';

export interface OfferedEsme {
  id: string;
  name: string;
  rate_limit_per_sec: number;
}

/** A preset's rate may only lower the Proxy's, never raise it (integration.md, Proxy). */
const loweredRate = (proxyRate: number, presetRate: number | null): number => (presetRate === null ? proxyRate : Math.min(presetRate, proxyRate));

/** The Proxy's enabled ESMEs narrowed by the presets; a preset rate may only lower the Proxy's. */
export async function offeredEsmes(app: AppContext, requestId: string, presets?: Presets): Promise<OfferedEsme[]> {
  const narrowing = (presets ?? (await readPresets(app.db))).esmes;
  const esmes = (await app.core.proxy.listEsmes(requestId)).filter((e) => e.enabled);
  if (narrowing === null) return esmes.map((e) => ({ id: e.id, name: e.name, rate_limit_per_sec: e.rate_limit_per_sec }));
  const offered: OfferedEsme[] = [];
  for (const e of esmes) {
    const preset = narrowing.find((p) => p.id === e.id);
    if (!preset) continue;
    offered.push({ id: e.id, name: e.name, rate_limit_per_sec: loweredRate(e.rate_limit_per_sec, preset.rate_limit_per_sec) });
  }
  return offered;
}

/** The strategies offered for an ESME that is itself offered; null when the ESME is not. */
export async function offeredStrategies(app: AppContext, esmeId: string, requestId: string): Promise<Array<{ id: string; name: string }> | null> {
  const presets = await readPresets(app.db);
  if (!(await offeredEsmes(app, requestId, presets)).some((e) => e.id === esmeId)) return null;
  const allowed = presets.esmes?.find((p) => p.id === esmeId)?.strategies ?? null;
  const strategies = await app.core.proxy.listStrategies(esmeId, requestId);
  return strategies.filter((s) => allowed === null || allowed.includes(s.id)).map((s) => ({ id: s.id, name: s.name }));
}

/**
 * The rate Core is sent for a job on `esmeId`: the Proxy's `rate_limit_per_sec`, lowered by the
 * ESME's preset; null when the Proxy no longer lists the ESME.
 */
export async function jobRateLimit(app: AppContext, esmeId: string, requestId: string): Promise<number | null> {
  const [presets, esmes] = await Promise.all([readPresets(app.db), app.core.proxy.listEsmes(requestId)]);
  const esme = esmes.find((e) => e.id === esmeId);
  if (!esme) return null;
  return loweredRate(esme.rate_limit_per_sec, presets.esmes?.find((p) => p.id === esmeId)?.rate_limit_per_sec ?? null);
}
