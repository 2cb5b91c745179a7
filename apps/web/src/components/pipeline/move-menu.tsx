'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Stage } from '@/lib/records';
import styles from './pipeline.module.css';

/** "25 %" beside an open stage; "Won" or "Lost" beside a closing stage unless its name says so already. */
function stageHint(stage: Stage): string {
  if (stage.type === 'open') return `${stage.probability} %`;
  if (stage.name.toLowerCase() === stage.type) return '';
  return stage.type === 'won' ? 'Won' : 'Lost';
}

/**
 * The way to move a deal without dragging: a menu of the pipeline's other
 * stages, fully usable with the keyboard (arrows, Home, End, Escape).
 */
export function MoveMenu({ dealName, currentStageId, stages, disabled, onMove }: { dealName: string; currentStageId: string; stages: Stage[]; disabled: boolean; onMove: (stageId: string) => void }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const targets = stages.filter((s) => s.id !== currentStageId);

  useEffect(() => {
    if (!open) return undefined;
    const menu = menuRef.current;
    menu?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    menu?.scrollIntoView?.({ block: 'nearest' });
    const onPointer = (event: MouseEvent | TouchEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('touchstart', onPointer);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('touchstart', onPointer);
    };
  }, [open]);

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focus(at + 1);
    else if (event.key === 'ArrowUp') focus(at - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(items.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') {
      setOpen(false);
      return;
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div className={styles.moveWrap}>
      <button
        ref={buttonRef}
        type="button"
        className={`btn btn-ghost btn-sm ${styles.moveButton}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Move ${dealName} to another stage`}
        disabled={disabled || targets.length === 0}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        Move to…
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} role="menu" aria-label={`Move ${dealName} to`} className={styles.menu} onKeyDown={onMenuKey}>
          {targets.map((stage) => (
            <button
              key={stage.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={styles.menuItem}
              onClick={() => {
                close(true);
                onMove(stage.id);
              }}
            >
              <span>{stage.name}</span>
              <span className={styles.menuHint}>{stageHint(stage)}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
