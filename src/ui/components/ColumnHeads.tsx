/** A table column's heading, with an optional tooltip saying what its figures are. */
export interface ColumnHead {
  readonly label: string;
  readonly title?: string;
}

/** A table's `<thead>`: one column heading per entry. */
export function ColumnHeads({ columns }: { columns: readonly (string | ColumnHead)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const { label, title } = typeof c === 'string' ? { label: c, title: undefined } : c;
          return (
            <th key={label} scope="col" title={title}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
