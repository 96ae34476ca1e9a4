import type { ReactNode } from 'react';

/** One column of a DataTable: its header and how a row fills its cell. */
export interface Column<T> {
  header: ReactNode;
  cell(row: T): ReactNode;
  /** Right-aligned figures: the header and the cells get the `num` class. */
  numeric?: boolean;
  /** Class of the body cells only (e.g. `mono`), when not numeric. */
  cellClassName?: string;
}

/** Attributes a row may carry for styling and for tests to find it (`data-campaign`, …). */
export type RowAttributes = { className?: string | undefined } & Record<`data-${string}`, string>;

/**
 * The console's list table, columns given as data. With `empty`, no rows show that sentence
 * instead of an empty table; without it the header stays visible.
 */
export function DataTable<T>({ columns, rows, rowKey, rowAttributes, empty, caption, testId }: {
  columns: readonly (Column<T> | false)[];
  rows: readonly T[];
  rowKey(row: T): string | number;
  rowAttributes?: (row: T) => RowAttributes;
  empty?: ReactNode;
  caption?: ReactNode;
  testId?: string;
}) {
  if (empty !== undefined && rows.length === 0) return <p className="empty">{empty}</p>;
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {shown.map((c, i) => (
                <td key={i} className={c.numeric ? 'num' : c.cellClassName}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
