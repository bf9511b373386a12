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

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
// A name starts with a letter, "_", ":" or a non-ASCII character and runs to a character that ends it.
// (Looser than XML's Name production inside a name, which costs nothing here: no name is trusted as anything.)
const isNameStart = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0xc0;
const endsName = (c: number): boolean =>
  isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d || c === 0x3c || c === 0x22 || c === 0x27 || c === 0x26 || Number.isNaN(c);

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
  const skipSpace = (p: number): number => {
    while (isSpace(xml.charCodeAt(p))) p++;
    return p;
  };
  /** The end of the name starting at p, or -1 when none starts there. */
  const nameEnd = (p: number): number => {
    if (!isNameStart(xml.charCodeAt(p))) return -1;
    let q = p + 1;
    while (!endsName(xml.charCodeAt(q))) q++;
    return q;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      emitText(xml.slice(i));
      break;
    }
    if (lt > i) emitText(xml.slice(i, lt));
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw malformed(part, 'unterminated processing instruction');
      i = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw malformed(part, 'unterminated comment');
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw malformed(part, 'unterminated CDATA section');
        if (stack.length === 0) throw malformed(part, 'CDATA outside the root element');
        handler.text?.(normalizeLineEnds(xml.slice(lt + 9, end)));
        i = end + 3;
      } else if (xml.slice(lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') {
        throw new TabularFileError(
          'xml-doctype',
          `${part} declares a DOCTYPE, which is refused (it can pull in external or expanding entities)`,
        );
      } else throw malformed(part, 'unexpected "<!"');
    } else if (next === 0x2f /* / */) {
      const end = nameEnd(lt + 2);
      if (end < 0) throw malformed(part, 'bad end tag');
      const name = xml.slice(lt + 2, end);
      const gt = skipSpace(end);
      if (xml.charCodeAt(gt) !== 0x3e) throw malformed(part, `bad end tag </${name}`);
      const open = stack.pop();
      if (open !== name) throw malformed(part, open === undefined ? `</${name}> closes nothing` : `<${open}> closed by </${name}>`);
      handler.close?.(localName(name));
      i = gt + 1;
    } else {
      const end = nameEnd(lt + 1);
      if (end < 0) throw malformed(part, 'bad start tag');
      if (stack.length === 0 && rootSeen) throw malformed(part, 'a second root element');
      const name = xml.slice(lt + 1, end);
      const attributes = new Map<string, string>();
      let p = end;
      let selfClosing = false;
      for (;;) {
        const spaced = isSpace(xml.charCodeAt(p));
        p = skipSpace(p);
        const c = xml.charCodeAt(p);
        if (c === 0x3e /* > */) {
          p++;
          break;
        }
        if (c === 0x2f /* / */ && xml.charCodeAt(p + 1) === 0x3e) {
          selfClosing = true;
          p += 2;
          break;
        }
        const attributeEnd = spaced ? nameEnd(p) : -1;
        if (attributeEnd < 0) throw malformed(part, `bad attribute in <${name}>`);
        const attribute = xml.slice(p, attributeEnd);
        p = skipSpace(attributeEnd);
        if (xml.charCodeAt(p) !== 0x3d /* = */) throw malformed(part, `attribute ${attribute} has no value`);
        p = skipSpace(p + 1);
        const quote = xml[p];
        if (quote !== '"' && quote !== "'") throw malformed(part, `attribute ${attribute} is not quoted`);
        const close = xml.indexOf(quote, p + 1);
        if (close < 0) throw malformed(part, `attribute ${attribute} never ends`);
        const raw = xml.slice(p + 1, close);
        if (raw.includes('<')) throw malformed(part, `"<" in attribute ${attribute}`);
        if (attributes.has(attribute)) throw malformed(part, `attribute ${attribute} given twice`);
        // Attribute-value normalization: literal white space becomes a space; references keep theirs.
        attributes.set(attribute, decodeEntities(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw, part));
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
const NEEDS_ESCAPE = /[&<>"]/;

// Most cells have nothing to escape; testing first spares a replace with a callback per cell.
export const escapeXml = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;')) : text;
