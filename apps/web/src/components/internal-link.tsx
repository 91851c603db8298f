/**
 * A link inside the app: a plain click navigates without a page load; a middle or modified click opens a tab, the
 * browser's way.
 */
import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router';

interface Props {
  href: string;
  className?: string;
  title?: string;
  testId?: string;
  /** Extra data attributes for tests (`data-<name>`). */
  data?: Record<string, string | number>;
  children: ReactNode;
}

export function InternalLink({ href, className, title, testId, data, children }: Props) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  return (
    <a href={href} className={className} title={title} data-testid={testId} {...attrs} onClick={onClick}>
      {children}
    </a>
  );
}
