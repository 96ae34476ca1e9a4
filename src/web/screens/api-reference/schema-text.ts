// A JSON Schema as a short, TypeScript-like text: what an integrator reads to know a body's shape.
import type { JsonSchema } from './openapi-types.js';

const refName = (ref: string) => ref.split('/').at(-1) ?? ref;

function scalar(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  const notes = [s.format, s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null, s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : null].filter(Boolean);
  return notes.length ? `${type} (${notes.join(', ')})` : type;
}

export function schemaText(s: JsonSchema, indent = ''): string {
  if (s.$ref) return refName(s.$ref);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map((a) => schemaText(a, indent)).join(' | ');
  if (s.type === 'array' && s.items) return `${schemaText(s.items, indent)}[]`;
  if (s.type === 'object' || s.properties) {
    const inner = `${indent}  `;
    const fields = Object.entries(s.properties ?? {}).map(([name, field]) => {
      const optional = s.required?.includes(name) ? '' : '?';
      return `${inner}${name}${optional}: ${schemaText(field, inner)}`;
    });
    if (fields.length === 0) return s.additionalProperties && s.additionalProperties !== true ? `{ [key: string]: ${schemaText(s.additionalProperties, indent)} }` : 'object';
    return `{\n${fields.join('\n')}\n${indent}}`;
  }
  return scalar(s);
}
