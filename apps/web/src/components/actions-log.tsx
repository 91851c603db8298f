/** The session's supervisor actions, for audit: a small collapsible list above the action bar. */
import type { ActionRecord } from '@livespace/protocol/http';
import { formatClock, humanize, truncate } from '../format';
import { ACTION_PAST } from '../live/supervisor-actions';

export function ActionsLog({ items, error }: { items: ActionRecord[] | null; error: string | null }) {
  const count = items?.length ?? 0;
  return (
    <details className="actions-log" data-testid="actions-list" data-count={count}>
      <summary>
        Actions <span className="actions-count">{items ? count : '…'}</span>
        {items && items[0] && (
          <span className="actions-latest">
            latest: {items[0].userName} {ACTION_PAST[items[0].action] ?? items[0].action}
            {items[0].result === 'rejected' ? ' (rejected)' : ''}
          </span>
        )}
      </summary>
      {error && !items ? (
        <p className="actions-empty">Could not load the actions: {error}</p>
      ) : count === 0 ? (
        <p className="actions-empty">No supervisor action on this session yet.</p>
      ) : (
        <ol>
          {items!.map((a) => (
            <li
              key={a.id}
              className={`action-item result-${a.result}`}
              data-testid="action-item"
              data-action={a.action}
              data-result={a.result}
            >
              <time>{formatClock(a.at)}</time>
              <span className="action-who">{a.userName}</span>
              <span className="action-what">
                {ACTION_PAST[a.action] ?? a.action}
                {a.text && <q title={a.text}>{truncate(a.text, 80)}</q>}
              </span>
              {a.result === 'rejected' && (
                <span className="action-rejected">rejected{a.error ? `: ${humanize(a.error)}` : ''}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
