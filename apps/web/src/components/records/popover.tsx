'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './records.module.css';

interface Props {
  label: ReactNode;
  /** Accessible name of the panel. */
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  active?: boolean;
  align?: 'start' | 'end';
  buttonLabel?: string;
}

/**
 * A button that opens a panel under it (filters, columns). Escape or a click
 * outside closes it and focus goes back to the button.
 */
export function Popover({ label, title, open, onOpenChange, children, active, align = 'start', buttonLabel }: Props) {
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const first = root.current?.querySelector<HTMLElement>(`[data-panel] input, [data-panel] select, [data-panel] button`);
    first?.focus();
    const onDown = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) onOpenChange(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && root.current?.contains(document.activeElement)) {
        event.stopPropagation();
        onOpenChange(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, onOpenChange]);

  return (
    <div ref={root} className={styles.popoverRoot}>
      <button
        ref={button}
        type="button"
        className={`btn btn-sm ${active ? styles.toolActive : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={buttonLabel}
        onClick={() => onOpenChange(!open)}
      >
        {label}
      </button>
      {open ? (
        <div id={panelId} role="dialog" aria-label={title} data-panel="" className={`${styles.popover} ${align === 'end' ? styles.popoverEnd : ''}`}>
          {children}
        </div>
      ) : null}
    </div>
  );
}
