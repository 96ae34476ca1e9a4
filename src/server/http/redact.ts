/** Paths whose segments are secrets: logged as route templates (security.md "Logs"). */
const SECRET_PATHS: [RegExp, string][] = [
  [/^\/api\/invitations\/[^/?]+/, '/api/invitations/:token'],
  [/^\/invite\/[^/?]+/, '/invite/:token'],
];

export function redactUrl(url: string): string {
  let out = url;
  for (const [re, replacement] of SECRET_PATHS) out = out.replace(re, replacement);
  // Control characters would let a caller forge log lines.
  return out.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.token',
  '*.vars',
  '*.text_filled',
];
