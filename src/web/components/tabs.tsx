export function Tabs<T extends string>({ tabs, current, onChange }: {
  tabs: { id: NoInfer<T>; label: string }[];
  current: T;
  onChange: (id: NoInfer<T>) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((tab) => (
        <button key={tab.id} type="button" role="tab" aria-selected={tab.id === current} className={`tab${tab.id === current ? ' active' : ''}`} onClick={() => onChange(tab.id)}>
          {tab.label}
        </button>
      ))}
    </div>
  );
}
