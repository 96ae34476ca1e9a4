/** Search input is matched literally (security.md): regular-expression characters are escaped. */
export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
