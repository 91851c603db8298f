/** A list with nothing in it: an icon (one 24×24 SVG path), what is missing, and when things will appear. */
import type { ReactNode } from 'react';

export function EmptyState({
  testId,
  icon,
  title,
  children,
}: {
  testId: string;
  icon: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <svg width="44" height="44" viewBox="0 0 24 24" aria-hidden="true">
        <path fill="currentColor" d={icon} />
      </svg>
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}
