'use client';

import { useState, type ReactNode } from 'react';
import { Alert, Dialog } from '@/components/ui';
import { useStable } from './use-stable';
import { errorMessage } from '@/lib/api';

/**
 * Asks before something that cannot be taken back. The server's refusal
 * (the last owner, a stage that still holds deals) is shown in the dialog,
 * which stays open so the user reads it.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel = 'Working…',
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = useStable(onClose);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={close}>
      {error ? <Alert>{error}</Alert> : null}
      <div>{children}</div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
