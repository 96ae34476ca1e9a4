// WAI-ARIA tabs: one tab stop (the selected tab); Left/Right/Home/End move focus and select; the panel
// below is labelled by its tab.
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowRight: (i, n) => (i + 1) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function Tabs<T extends string>({
  tabs,
  current,
  onChange,
  panelClassName,
  children,
}: {
  tabs: { id: NoInfer<T>; label: string }[];
  current: T;
  onChange: (id: NoInfer<T>) => void;
  panelClassName?: string;
  children: ReactNode;
}) {
  const prefix = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const tabId = (id: string) => `${prefix}-tab-${id}`;
  const panelId = `${prefix}-panel`;

  function onKeyDown(event: KeyboardEvent, index: number) {
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const next = move(index, tabs.length);
    onChange(tabs[next]!.id);
    buttons.current[next]?.focus();
  }

  return (
    <>
      <div className="tabs" role="tablist">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            id={tabId(tab.id)}
            type="button"
            role="tab"
            aria-selected={tab.id === current}
            aria-controls={panelId}
            tabIndex={tab.id === current ? 0 : -1}
            className={`tab${tab.id === current ? ' active' : ''}`}
            onClick={() => onChange(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={tabId(current)} className={panelClassName}>
        {children}
      </div>
    </>
  );
}
