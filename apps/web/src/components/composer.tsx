/**
 * The one-line composer of the drawer's action bar and of the agent workspace's call: Enter sends, Escape leaves the
 * input.
 */
import type { ReactNode, RefObject } from 'react';
import '../action-bar.css';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange(value: string): void;
  onSend(): void;
  placeholder: string;
  label: string;
  /** Nothing may be typed (the call is not yours). */
  disabled?: boolean;
  /** Sending waits (an action is under way). */
  busy: boolean;
  testIds: { input: string; send: string };
  /** The send button's words. */
  children: ReactNode;
}

export function Composer({
  inputRef,
  value,
  onChange,
  onSend,
  placeholder,
  label,
  disabled = false,
  busy,
  testIds,
  children,
}: Props) {
  return (
    <form
      className="ab-compose"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <input
        ref={inputRef}
        data-testid={testIds.input}
        type="text"
        value={value}
        maxLength={2000}
        placeholder={placeholder}
        aria-label={label}
        autoComplete="off"
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Escape leaves the input (so the letter shortcuts work again) without closing the drawer.
          if (e.key === 'Escape') {
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
      />
      <button
        type="submit"
        className="ab-send"
        data-testid={testIds.send}
        disabled={disabled || busy || value.trim() === ''}
      >
        {children}
      </button>
    </form>
  );
}
