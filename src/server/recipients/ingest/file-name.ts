// The X-File-Name header, made safe to show (security.md, Uploads): display only, never a path.

const MAX_FILE_NAME_CHARS = 255;
// C0/C1 controls, DEL, path separators, and bidi overrides that could disguise an extension.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\\u202a-\u202e\u2066-\u2069]/gu;

export function sanitizeFileName(header: string | undefined): string {
  if (header === undefined) return '';
  const cleaned = decodePercentEncoding(header).replace(UNSAFE, '').trim();
  return Array.from(cleaned).slice(0, MAX_FILE_NAME_CHARS).join('');
}

// Header values are Latin-1 on the wire, so clients send non-ASCII names percent-encoded.
function decodePercentEncoding(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
