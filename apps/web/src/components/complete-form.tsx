/**
 * Completing a claimed call or conversation: the outcome, notes, and whether the AI takes it back instead of
 * it ending. Shared by the agent workspace's call and the session drawer of whoever holds it.
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Resolution } from '@livespace/protocol/escalation';
import type { Channel } from '@livespace/protocol/session';
import { RESOLUTION_LABEL } from '../format';
import { actionWords } from '../live/action-words';
import { completeEscalation, escalationErrorMessage, type EscalationRecord } from '../live/escalations';
import { useMounted } from '../live/use-status';
import '../action-bar.css';

interface Props {
  escalationId: string;
  channel: Channel;
  /** The caller or customer has left: the outcome is still recorded, with no hand-back. */
  ended: boolean;
  onCompleted(record: EscalationRecord, returnedToAi: boolean): void;
}

export function CompleteForm({ escalationId, channel, ended, onCompleted }: Props) {
  const { noun, person } = actionWords(channel);
  const [resolution, setResolution] = useState<Resolution>('resolved');
  const [notes, setNotes] = useState('');
  const [returnToAi, setReturnToAi] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useMounted();

  useEffect(() => {
    if (ended) setReturnToAi(false);
  }, [ended]);

  const complete = async (e?: FormEvent) => {
    e?.preventDefault();
    if (completing) return;
    setCompleting(true);
    setError(null);
    const n = notes.trim();
    const back = returnToAi && !ended;
    try {
      const record = await completeEscalation(escalationId, {
        resolution,
        returnToAi: back,
        ...(n ? { notes: n } : {}),
      });
      onCompleted(record, back);
    } catch (err) {
      if (mounted.current) setError(escalationErrorMessage('complete', err));
    } finally {
      if (mounted.current) setCompleting(false);
    }
  };

  const onNotesKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void complete();
    }
  };

  return (
    <form className="complete-form" data-testid="complete-form" onSubmit={complete} aria-label={`Complete the ${noun}`}>
      <label className="ab-option">
        <span>Outcome</span>
        <select
          data-testid="complete-resolution"
          value={resolution}
          onChange={(ev) => setResolution(ev.target.value as Resolution)}
        >
          {(Object.keys(RESOLUTION_LABEL) as Resolution[]).map((r) => (
            <option key={r} value={r}>
              {RESOLUTION_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label
        className="ab-option"
        title={
          ended ? `The ${person} has left` : `The AI agent goes on with the ${person} instead of ending the ${noun}`
        }
      >
        <input
          type="checkbox"
          data-testid="complete-return"
          checked={returnToAi}
          disabled={ended}
          onChange={(ev) => setReturnToAi(ev.target.checked)}
        />
        <span>Hand back to the AI</span>
      </label>
      <textarea
        className="complete-notes"
        data-testid="complete-notes"
        rows={2}
        maxLength={4000}
        value={notes}
        placeholder="Notes (optional)"
        aria-label="Notes"
        onChange={(ev) => setNotes(ev.target.value)}
        onKeyDown={onNotesKey}
      />
      <div className="complete-foot">
        {error && (
          <span className="inline-error" role="alert" data-testid="complete-error">
            {error}
          </span>
        )}
        <span className="ab-keys" aria-hidden="true">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> in notes
        </span>
        <button type="submit" className="primary complete-button" data-testid="complete-button" disabled={completing}>
          {completing
            ? 'Completing…'
            : ended
              ? 'Complete'
              : returnToAi
                ? 'Complete · back to the AI'
                : `Complete & end ${noun}`}
        </button>
      </div>
    </form>
  );
}
