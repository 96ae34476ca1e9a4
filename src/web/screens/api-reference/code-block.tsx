/** A block of code or schema that scrolls sideways; it takes focus so the keyboard can scroll it too. */
export function CodeBlock({ children }: { children: string }) {
  return (
    <pre className="api-schema" tabIndex={0}>
      {children}
    </pre>
  );
}
