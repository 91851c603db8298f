/**
 * A batch of statements as one simple Query message: PostgreSQL runs the statements of one Query message in order, each
 * seeing the ones before, in one implicit transaction that an error rolls back whole, leaving the connection idle
 * ("Multiple Statements in a Simple Query", https://www.postgresql.org/docs/current/protocol-flow.html). One round trip
 * per commit instead of one per statement (begin, each statement, commit): on 2 cores shared with PostgreSQL every
 * round trip is a socket write that wakes a backend, and a turn of the event loop to read its answer.
 *
 * Each parameter is written into the text as the literal node-postgres would have sent in its place: the same text
 * (its `prepareValue`), quoted (its `escapeLiteral`), untyped as a parameter is. There is no transaction control in
 * the message: a BEGIN in it would leave the connection inside an aborted transaction after an error.
 */
import type { Statement } from './sql-client';

/** node-postgres's own conversions (its `prepareValue` and `escapeLiteral`, pg-literals.ts), passed in: loaded lazily. */
export interface LiteralWriter {
  prepareValue(value: unknown): unknown;
  escapeLiteral(text: string): string;
}

const PLACEHOLDER = /\$(\d+)(?!\d)/g;

/**
 * The statements as one script, or null when a parameter cannot be written as a literal faithfully: a string holding
 * NUL (a Query message's text ends at the first NUL; as a parameter PostgreSQL refuses it with 22021, and the event
 * log must see that refusal to repair the event), a value that is not text (bytes), or a placeholder with no parameter.
 */
export function oneMessage(statements: readonly Statement[], pg: LiteralWriter): string | null {
  const parts: string[] = [];
  for (const s of statements) {
    const literals: string[] = [];
    for (const p of s.params ?? []) {
      const v = pg.prepareValue(p);
      if (v === null || v === undefined) literals.push('NULL');
      else if (typeof v === 'string' && !v.includes('\u0000')) literals.push(pg.escapeLiteral(v));
      else return null;
    }
    let missing = false;
    const text = s.text.replace(PLACEHOLDER, (_, n: string) => {
      const literal = literals[Number(n) - 1];
      if (literal === undefined) missing = true;
      return literal ?? '';
    });
    if (missing) return null;
    parts.push(text);
  }
  return parts.join(';\n');
}
