/**
 * The `match` snippet of a history row as text pieces to render: the server sends it HTML-escaped with the words
 * found in `<mark>…</mark>`. It is never given to the browser as HTML: split on the mark tags, entities decoded, every
 * piece rendered as a text node (any other tag-like text stays visible text). Pure.
 */

export interface SnippetPart {
  text: string;
  mark: boolean;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes the HTML character references of `s` (`&#60;`, `&#x3c;`, `&lt;`…); an unknown or invalid one stays as
 * written.
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    // No NUL, no surrogate halves, nothing past Unicode.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

/**
 * The snippet as pieces, marked ones being the words found; adjacent pieces of one kind are joined, empty ones dropped.
 */
export function parseSnippet(html: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  for (const token of html.split(/(<\/?mark>)/i)) {
    const tag = token.toLowerCase();
    if (tag === '<mark>') mark = true;
    else if (tag === '</mark>') mark = false;
    else if (token) {
      const text = decodeEntities(token);
      const last = parts[parts.length - 1];
      if (last && last.mark === mark) last.text += text;
      else parts.push({ text, mark });
    }
  }
  return parts;
}
