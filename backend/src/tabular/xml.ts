// A tiny non-validating XML 1.0 scanner for the parts of an OOXML package: elements, attributes, text,
// CDATA and the predefined and numeric entities. No DTD is read — a DOCTYPE is refused outright, which
// closes XXE and entity-expansion ("billion laughs") attacks rather than defending against them.
import { TabularFileError } from './errors';

export type Attributes = ReadonlyMap<string, string>;

export interface XmlHandler {
  /** An element opens; `name` without its namespace prefix (OOXML is also written as `x:row`). */
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

const malformed = (part: string, why: string) => new TabularFileError('xml-malformed', `${part} is not well-formed XML (${why})`);

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;

export const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/** Decodes character and predefined entity references; any other entity is an error (no DTD declares one). */
export const decodeEntities = (raw: string, part = 'the document'): string => {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw malformed(part, `"&" not ending in ";" near "${whole.slice(0, 12)}"`);
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = /^#x[0-9A-Fa-f]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
    if (!isXmlChar(code)) throw malformed(part, `unknown or invalid entity &${ref};`);
    return String.fromCodePoint(code);
  });
};

const isXmlChar = (c: number): boolean =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

// XML end-of-line handling: a parser hands CRLF and lone CR over as LF.
const normalizeLineEnds = (s: string): string => (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s);

/** Scans an XML document, calling the handler for each element, end tag and run of text. */
export const scanXml = (xml: string, handler: XmlHandler, part = 'the document'): void => {
  const stack: string[] = [];
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let rootSeen = false;
  const emitText = (raw: string) => {
    if (raw === '') return;
    if (stack.length === 0) {
      if (/[^ \t\r\n]/.test(raw)) throw malformed(part, 'text outside the root element');
      return;
    }
    // Decoded even when nobody listens: a bad reference makes the document malformed either way.
    const text = decodeEntities(normalizeLineEnds(raw), part);
    handler.text?.(text);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      emitText(xml.slice(i));
      break;
    }
    emitText(xml.slice(i, lt));
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw malformed(part, 'unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw malformed(part, 'unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) throw malformed(part, 'unterminated CDATA section');
      if (stack.length === 0) throw malformed(part, 'CDATA outside the root element');
      handler.text?.(normalizeLineEnds(xml.slice(lt + 9, end)));
      i = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      if (/^<!DOCTYPE/i.test(xml.slice(lt, lt + 9)))
        throw new TabularFileError(
          'xml-doctype',
          `${part} declares a DOCTYPE, which is refused (it can pull in external or expanding entities)`,
        );
      throw malformed(part, 'unexpected "<!"');
    } else if (xml[lt + 1] === '/') {
      NAME.lastIndex = lt + 2;
      const m = NAME.exec(xml);
      if (!m) throw malformed(part, 'bad end tag');
      SPACE.lastIndex = NAME.lastIndex;
      SPACE.exec(xml);
      if (xml[SPACE.lastIndex] !== '>') throw malformed(part, `bad end tag </${m[0]}`);
      const open = stack.pop();
      if (open !== m[0]) throw malformed(part, open === undefined ? `</${m[0]}> closes nothing` : `<${open}> closed by </${m[0]}>`);
      handler.close?.(localName(m[0]));
      i = SPACE.lastIndex + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const m = NAME.exec(xml);
      if (!m) throw malformed(part, 'bad start tag');
      if (stack.length === 0 && rootSeen) throw malformed(part, 'a second root element');
      const name = m[0];
      const attributes = new Map<string, string>();
      let p = NAME.lastIndex;
      let selfClosing = false;
      for (;;) {
        SPACE.lastIndex = p;
        SPACE.exec(xml);
        const spaced = SPACE.lastIndex > p;
        p = SPACE.lastIndex;
        if (xml[p] === '>') {
          p++;
          break;
        }
        if (xml.startsWith('/>', p)) {
          selfClosing = true;
          p += 2;
          break;
        }
        if (!spaced) throw malformed(part, `bad attribute in <${name}>`);
        NAME.lastIndex = p;
        const a = NAME.exec(xml);
        if (!a) throw malformed(part, `bad attribute in <${name}>`);
        SPACE.lastIndex = NAME.lastIndex;
        SPACE.exec(xml);
        p = SPACE.lastIndex;
        if (xml[p] !== '=') throw malformed(part, `attribute ${a[0]} has no value`);
        SPACE.lastIndex = p + 1;
        SPACE.exec(xml);
        p = SPACE.lastIndex;
        const quote = xml[p];
        if (quote !== '"' && quote !== "'") throw malformed(part, `attribute ${a[0]} is not quoted`);
        const close = xml.indexOf(quote, p + 1);
        if (close < 0) throw malformed(part, `attribute ${a[0]} never ends`);
        const raw = xml.slice(p + 1, close);
        if (raw.includes('<')) throw malformed(part, `"<" in attribute ${a[0]}`);
        if (attributes.has(a[0])) throw malformed(part, `attribute ${a[0]} given twice`);
        // Attribute-value normalization: literal white space becomes a space; references keep theirs.
        attributes.set(a[0], decodeEntities(raw.replace(/\r\n|[\t\n\r]/g, ' '), part));
        p = close + 1;
      }
      rootSeen = true;
      handler.open?.(localName(name), attributes);
      if (selfClosing) handler.close?.(localName(name));
      else stack.push(name);
      i = p;
    }
  }
  if (stack.length > 0) throw malformed(part, `<${stack[stack.length - 1]}> is never closed`);
  if (!rootSeen) throw malformed(part, 'no root element');
};

/** An attribute by its local name, whatever its namespace prefix (`r:id`, `x:r`). */
export const attribute = (attributes: Attributes, local: string): string | undefined => {
  const direct = attributes.get(local);
  if (direct !== undefined) return direct;
  for (const [name, value] of attributes) if (localName(name) === local && name.includes(':')) return value;
  return undefined;
};

/** Text escaped for element content or a double-quoted attribute. */
export const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
