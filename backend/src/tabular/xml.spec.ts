import { TabularFileError } from './errors';
import { attribute, decodeEntities, escapeXml, scanXml } from './xml';

type Event = ['open', string, Record<string, string>] | ['close', string] | ['text', string];
const events = (xml: string): Event[] => {
  const out: Event[] = [];
  scanXml(xml, {
    open: (name, attrs) => out.push(['open', name, Object.fromEntries(attrs)]),
    close: (name) => out.push(['close', name]),
    text: (text) => out.push(['text', text]),
  });
  return out;
};
const rule = (xml: string): string => {
  try {
    scanXml(xml, {});
  } catch (error) {
    if (error instanceof TabularFileError) return error.rule;
    throw error;
  }
  return 'accepted';
};

describe('scanXml', () => {
  it('reports elements with attributes in either quote, self-closing elements, text and CDATA; skips the declaration, PIs and comments', () => {
    expect(events(`<?xml version="1.0"?>\n<!-- c --><a x="1" y = '2'><b/>t<![CDATA[<raw> & ]]><?pi x?></a>\n`)).toEqual([
      ['open', 'a', { x: '1', y: '2' }],
      ['open', 'b', {}],
      ['close', 'b'],
      ['text', 't'],
      ['text', '<raw> & '],
      ['close', 'a'],
    ]);
  });

  it('gives local names, so prefixed SpreadsheetML reads like the default namespace', () => {
    expect(events('<x:row xmlns:x="urn:x" x:r="1"></x:row>')).toEqual([
      ['open', 'row', { 'xmlns:x': 'urn:x', 'x:r': '1' }],
      ['close', 'row'],
    ]);
    expect(attribute(new Map([['r:id', 'rId1']]), 'id')).toBe('rId1');
    expect(
      attribute(
        new Map([
          ['id', 'plain'],
          ['r:id', 'rId1'],
        ]),
        'id',
      ),
    ).toBe('plain');
    expect(attribute(new Map(), 'id')).toBeUndefined();
  });

  it('decodes the predefined and numeric entities in text and attributes', () => {
    expect(events('<a t="&lt;&amp;&#x4E2D;">&amp;&lt;&gt;&quot;&apos;&#25991;&#x1F600;</a>')).toEqual([
      ['open', 'a', { t: '<&中' }],
      ['text', `&<>"'文😀`],
      ['close', 'a'],
    ]);
  });

  it('normalizes line ends in text and white space in attributes as XML 1.0 says, keeping character references', () => {
    expect(events('<a v="x\ny&#10;z">1\r\n2\r3&#13;</a>')).toEqual([
      ['open', 'a', { v: 'x y\nz' }],
      ['text', '1\n2\n3\r'],
      ['close', 'a'],
    ]);
  });

  it('refuses a DOCTYPE outright (XXE, entity expansion)', () => {
    expect(rule('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toBe('xml-doctype');
    expect(rule('<!doctype x><x/>')).toBe('xml-doctype');
  });

  it.each([
    ['an unknown entity', '<a>&e;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a reference to a character XML forbids', '<a>&#0;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['a stray end tag', '<a></a></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>junk'],
    ['no root', '   '],
    ['an unquoted attribute', '<a x=1/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['attributes without space between', '<a x="1"y="2"/>'],
    ['< in an attribute', '<a x="<"/>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['an unterminated CDATA section', '<a><![CDATA[ </a>'],
    ['an unterminated attribute', '<a x="1/>'],
  ])('refuses %s as malformed', (_, xml) => {
    expect(rule(xml)).toBe('xml-malformed');
  });

  it('escapes text for content and attributes', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;");
    expect(decodeEntities(escapeXml(`<"&'>`))).toBe(`<"&'>`);
  });
});
