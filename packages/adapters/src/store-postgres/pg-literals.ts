/**
 * node-postgres's own conversion of a parameter to text and its quoting of a literal (one-message.ts), without loading
 * the client itself: the embedded database's thread needs only these two functions.
 */
import { createRequire } from 'node:module';
import type { LiteralWriter } from './one-message';

// Not in node-postgres's type declarations; the same functions its client uses for every parameter it sends.
const utils = createRequire(import.meta.url)('pg/lib/utils.js') as LiteralWriter;

export const pgLiterals: LiteralWriter = { prepareValue: utils.prepareValue, escapeLiteral: utils.escapeLiteral };
