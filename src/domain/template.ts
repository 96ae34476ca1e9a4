// Trigger-mode text templates (product.md §3, §5): `{{name}}` placeholders filled per message.

const NAME = '[a-z][a-z0-9_]{0,31}';
export const PLACEHOLDER_NAME = new RegExp(`^${NAME}$`);
export const MAX_TEMPLATE_VALUE_LENGTH = 160;

const OPEN = '{{';
const placeholderAt = new RegExp(`\\{\\{(${NAME})\\}\\}`, 'y');
const everyPlaceholder = new RegExp(`\\{\\{(${NAME})\\}\\}`, 'g');

export interface TemplateError {
  /** Index in the text of the `{{` that does not open a valid placeholder. */
  index: number;
  fragment: string;
  message: string;
}

export type ParsedTemplate = { ok: true; placeholders: string[] } | { ok: false; error: TemplateError };

/** Placeholder names, each once, in order of first use. Every `{{` must open a well-formed placeholder. */
export function parseTemplate(text: string): ParsedTemplate {
  const names: string[] = [];
  let from = 0;
  for (let index = text.indexOf(OPEN, from); index !== -1; index = text.indexOf(OPEN, from)) {
    placeholderAt.lastIndex = index;
    const match = placeholderAt.exec(text);
    if (!match?.[1]) {
      const fragment = text.slice(index, index + 40);
      const message = `Malformed placeholder at position ${index}: placeholders look like {{name}}, with a name of a lower-case letter followed by up to 31 lower-case letters, digits or underscores`;
      return { ok: false, error: { index, fragment, message } };
    }
    if (!names.includes(match[1])) names.push(match[1]);
    from = placeholderAt.lastIndex;
  }
  return { ok: true, placeholders: names };
}

export type FilledTemplate =
  | { ok: true; text: string }
  | { ok: false; missing: string[]; extra: string[]; tooLong: string[] };

/**
 * Fills every placeholder from `vars` in one pass (values are never read as templates).
 * The template was validated when the campaign was saved, so a malformed one here is a programming error.
 */
export function fillTemplate(text: string, vars: Readonly<Record<string, string>>): FilledTemplate {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const given = Object.keys(vars);
  const missing = parsed.placeholders.filter((name) => !Object.hasOwn(vars, name));
  const extra = given.filter((name) => !parsed.placeholders.includes(name));
  const tooLong = given.filter((name) => Array.from(vars[name] ?? '').length > MAX_TEMPLATE_VALUE_LENGTH);
  if (missing.length > 0 || extra.length > 0 || tooLong.length > 0) return { ok: false, missing, extra, tooLong };
  const filled = text.replace(everyPlaceholder, (_whole, name: string) => vars[name] ?? '');
  return { ok: true, text: filled };
}

/** Whether a text has something that looks like a placeholder ({name} or {{name}}): outside Trigger mode it is sent as typed. */
export function looksLikePlaceholder(text: string): boolean {
  return /\{[^{}]*\}/.test(text);
}
