/** The Transfer button of the drawer's action bar and of the agent workspace's call: opens the transfer dialog. */
import { useState } from 'react';
import { actionWords } from '../live/action-words';
import { TransferDialog, type TransferProps } from './transfer-dialog';

interface Props extends TransferProps {
  disabled?: boolean;
  onTransferred(text: string): void;
}

export function TransferButton({ disabled, onTransferred, ...session }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="ab-button"
        data-testid="transfer-button"
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(true)}
        title={`Send the ${actionWords(session.channel).noun} to a queue or to a person`}
      >
        Transfer…
      </button>
      {open && <TransferDialog {...session} onClose={() => setOpen(false)} onTransferred={onTransferred} />}
    </>
  );
}
