'use client';

import { Dialog } from '@/components/ui';

/** Global search (Ctrl/Cmd-K). */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Search" onClose={onClose}>
      <p className="muted">Search is being built.</p>
    </Dialog>
  );
}
