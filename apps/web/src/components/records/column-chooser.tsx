'use client';

import styles from './records.module.css';
import type { ColumnDef } from './table-types';

interface Props {
  all: ColumnDef[];
  visible: string[];
  onChange: (columns: string[]) => void;
  onReset: () => void;
}

/** Show, hide and order columns. The primary column (the name) always stays first. */
export function ColumnChooser({ all, visible, onChange, onReset }: Props) {
  const shown = visible.map((key) => all.find((c) => c.key === key)).filter((c): c is ColumnDef => c !== undefined && !c.primary);
  const hidden = all.filter((c) => !c.primary && !visible.includes(c.key));
  const primary = all.find((c) => c.primary);

  const set = (keys: string[]) => onChange([...(primary ? [primary.key] : []), ...keys]);
  const keys = shown.map((c) => c.key);
  const move = (index: number, by: number) => {
    const next = [...keys];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item);
    set(next);
  };

  return (
    <div className={styles.chooser}>
      <h2 className={styles.popoverTitle}>Columns</h2>
      <ul className={styles.chooserList} aria-label="Shown columns">
        {primary ? (
          <li className={styles.chooserItem}>
            <label>
              <input type="checkbox" checked disabled /> {primary.label}
            </label>
            <span className="faint">always shown</span>
          </li>
        ) : null}
        {shown.map((c, index) => (
          <li key={c.key} className={styles.chooserItem}>
            <label>
              <input type="checkbox" checked onChange={() => set(keys.filter((k) => k !== c.key))} /> {c.label}
            </label>
            <span className={styles.chooserMove}>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Move ${c.label} left`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Move ${c.label} right`} disabled={index === shown.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
            </span>
          </li>
        ))}
      </ul>
      {hidden.length ? (
        <>
          <h3 className={styles.chooserHeading}>Hidden</h3>
          <ul className={styles.chooserList} aria-label="Hidden columns">
            {hidden.map((c) => (
              <li key={c.key} className={styles.chooserItem}>
                <label>
                  <input type="checkbox" checked={false} onChange={() => set([...keys, c.key])} /> {c.label}
                  {c.key.startsWith('customFields.') ? <span className="faint"> · custom</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className={styles.filterActions}>
        <span className={styles.spacer} />
        <button type="button" className="btn btn-sm" onClick={onReset}>
          Reset to default
        </button>
      </div>
    </div>
  );
}
