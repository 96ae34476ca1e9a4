// The presets form's state, built from the saved presets and what the Proxy has, and turned back into the
// PUT body; the checks it runs before sending, worded by the error catalogue and the sender form's rules.
import type { Presets, ProxyOptions } from '../../../contract/campaigns.js';
import { checkSaddr, type SaddrRefusal } from '../../../domain/sender-address.js';
import type { FieldProblem } from '../../../domain/error-catalogue.js';

export interface EsmeRow {
  id: string;
  name: string;
  /** null: a preset names it but the Proxy no longer has it. */
  atProxy: { enabled: boolean; ceiling: number; strategies: { id: string; name: string }[] } | null;
  offered: boolean;
  /** As typed; empty keeps the Proxy's rate. */
  rate: string;
  everyStrategy: boolean;
  strategies: string[];
}

export interface PresetsForm {
  /** false: every enabled ESME of the Proxy is offered (esmes null). */
  narrow: boolean;
  esmes: EsmeRow[];
  saddrs: string[];
}

export function formFrom(presets: Presets, proxy: ProxyOptions): PresetsForm {
  const chosen = new Map((presets.esmes ?? []).map((p) => [p.id, p]));
  const rows: EsmeRow[] = proxy.esmes.map((e) => {
    const preset = chosen.get(e.id);
    return {
      id: e.id,
      name: e.name,
      atProxy: { enabled: e.enabled, ceiling: e.rate_limit_per_sec, strategies: e.strategies },
      offered: preset !== undefined,
      rate: preset?.rate_limit_per_sec?.toString() ?? '',
      everyStrategy: (preset?.strategies ?? null) === null,
      strategies: preset?.strategies ?? [],
    };
  });
  for (const p of presets.esmes ?? [])
    if (!proxy.esmes.some((e) => e.id === p.id))
      rows.push({ id: p.id, name: p.id, atProxy: null, offered: true, rate: p.rate_limit_per_sec?.toString() ?? '', everyStrategy: p.strategies === null, strategies: p.strategies ?? [] });
  return { narrow: presets.esmes !== null, esmes: rows, saddrs: presets.saddrs };
}

export const offeredRows = (form: PresetsForm) => form.esmes.filter((r) => r.offered);

export function bodyOf(form: PresetsForm) {
  return {
    esmes: form.narrow
      ? offeredRows(form).map((r) => ({ id: r.id, rate_limit_per_sec: r.rate.trim() === '' ? null : Number(r.rate), strategies: r.everyStrategy ? null : r.strategies }))
      : null,
    saddrs: form.saddrs,
  };
}

/** A problem the form found, keyed like the server's paths once mapped (`rate:<esme>`, `saddr:<index>`). */
export type FormProblem = Pick<FieldProblem, 'rule' | 'limit'> | { saddr: SaddrRefusal };
export type FormProblems = Record<string, FormProblem>;

export function checkForm(form: PresetsForm): FormProblems {
  const problems: FormProblems = {};
  if (form.narrow)
    for (const r of offeredRows(form)) {
      const text = r.rate.trim();
      if (text === '') continue;
      const rate = Number(text);
      if (!Number.isInteger(rate)) problems[`rate:${r.id}`] = { rule: 'wrong_type' };
      else if (rate < 1) problems[`rate:${r.id}`] = { rule: 'too_small', limit: 1 };
      else if (r.atProxy && rate > r.atProxy.ceiling) problems[`rate:${r.id}`] = { rule: 'too_large', limit: r.atProxy.ceiling };
    }
  form.saddrs.forEach((saddr, i) => {
    const check = checkSaddr(saddr);
    if (!check.ok) problems[`saddr:${i}`] = { saddr: check.reason };
    else if (form.saddrs.indexOf(saddr) !== i) problems[`saddr:${i}`] = { rule: 'in_use' };
  });
  return problems;
}

/** The server's field paths (`esmes.0.rate_limit_per_sec`, `saddrs.2`) as the form's keys. */
export function formKeyOf(form: PresetsForm, path: string): string | null {
  const saddr = /^saddrs\.(\d+)$/.exec(path);
  if (saddr) return `saddr:${saddr[1]}`;
  const esme = /^esmes\.(\d+)\.(id|rate_limit_per_sec|strategies)/.exec(path);
  const row = esme ? offeredRows(form)[Number(esme[1])] : undefined;
  if (!esme || !row) return null;
  return `${esme[2] === 'rate_limit_per_sec' ? 'rate' : esme[2] === 'id' ? 'esme' : 'strategies'}:${row.id}`;
}
