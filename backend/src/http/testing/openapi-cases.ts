// Requests for every operation of an OpenAPI document: built from the schema, then broken on purpose.
import fc from 'fast-check';
import { BAD_IDS, HOSTILE_KEYS, hostileString, hugeValue, nestedJson, NESTING_DEPTHS, wrongType } from './hostile-values';

type Schema = { readonly [key: string]: unknown };

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
}

/** One REST operation as the OpenAPI document describes it. */
export interface ApiOperation {
  readonly method: string;
  /** OpenAPI path, `{name}` for parameters. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: Schema;
  /** Media types of a file taken as the raw body (`format: binary` in the document), if the operation takes one. */
  readonly files?: readonly string[];
}

/** One request to send, and which way it was broken (`kind`), for reports and allow-lists. */
export interface HttpCase {
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly contentType?: string;
  readonly payload?: string;
  /** A raw body (a file) instead of text; `contentType` says what it claims to be. */
  readonly bytes?: Buffer;
  /** The operation takes files: accepting a non-JSON body is then its job, not a defect. */
  readonly takesFiles?: boolean;
}

export interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, unknown> }> }>
  >;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of the document, in document order. */
export const apiOperations = (doc: OpenApiDocument): ApiOperation[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      // A live stream (text/event-stream) answers for as long as the client listens: an in-process
      // inject would wait for ever. Its refusals and replays are proven by its own specs (http/sse.http.spec.ts).
      .filter(([, op]) => !Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream')))
      .map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        const body = content['application/json']?.schema;
        const files = Object.entries(content)
          .filter(([, media]) => media.schema?.['format'] === 'binary')
          .map(([type]) => type);
        return {
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          ...(body ? { body: resolve(doc, body) } : {}),
          ...(files.length ? { files } : {}),
        };
      }),
  );

const resolve = (doc: OpenApiDocument, schema: Schema): Schema => {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`unresolved ${ref}`);
  return resolve(doc, found);
};

/** A value the schema allows; examples first, since they reach past format checks into the handlers. */
const valueFor = (doc: OpenApiDocument, raw: Schema, depth = 0): fc.Arbitrary<unknown> => {
  const schema = resolve(doc, raw);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  const example = 'example' in schema ? [{ arbitrary: fc.constant(schema['example']), weight: 3 }] : [];
  switch (schema['type']) {
    case 'string': {
      const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : 30;
      const base = schema['format'] === 'uuid' ? fc.uuid() : fc.string({ minLength, maxLength });
      return fc.oneof(...example, { arbitrary: base, weight: 1 });
    }
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -10;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : 1000;
      return fc.oneof(...example, { arbitrary: fc.integer({ min, max }), weight: 1 });
    }
    case 'boolean':
      return fc.oneof(...example, { arbitrary: fc.boolean(), weight: 1 });
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(valueFor(doc, (schema['items'] as Schema | undefined) ?? {}, depth + 1), { maxLength: 3 });
    case 'object':
    case undefined: {
      const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
      if (depth > 3 || Object.keys(properties).length === 0) return fc.constant({});
      const requiredKeys = ((schema['required'] as string[] | undefined) ?? []).filter((k) => k in properties);
      return fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valueFor(doc, s, depth + 1)])), { requiredKeys });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

/** Percent-encodes one URL segment; strings no URL can carry (lone surrogates) go as invalid UTF-8. */
const segment = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

const parameterValue = (doc: OpenApiDocument, p: Parameter): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: valueFor(doc, p.schema ?? { type: 'string' }).map((v) => segment(String(v))), weight: 2 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.constantFrom(...BAD_IDS), weight: 2 },
    { arbitrary: hostileString().map(segment), weight: 2 },
  );

/** The URL with path parameters filled and query parameters present, absent, broken or unknown. */
const urlFor = (doc: OpenApiDocument, op: ApiOperation): fc.Arbitrary<string> => {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => parameterValue(doc, p))),
      query: fc.tuple(...queryParams.map((p) => fc.option(parameterValue(doc, p), { nil: undefined }))),
      extra: fc.option(fc.tuple(fc.constantFrom(...HOSTILE_KEYS.filter(Boolean)), hostileString()), { freq: 4, nil: undefined }),
    })
    .map(({ path, query, extra }) => {
      let i = 0;
      const filled = op.path.replace(/\{[^}]+\}/g, () => path[i++] ?? 'x');
      const pairs = queryParams.flatMap((p, j) => (query[j] === undefined ? [] : [`${segment(p.name)}=${query[j]}`]));
      if (extra) pairs.push(`${segment(extra[0])}=${segment(extra[1])}`);
      return pairs.length ? `${filled}?${pairs.join('&')}` : filled;
    });
};

/** A placeholder replaced by raw JSON text after serialisation: for documents JSON.stringify cannot make. */
const RAW = '\u0001raw\u0001';
const withRaw = (body: unknown, raw: string): string => JSON.stringify(body).replace(JSON.stringify(RAW), raw);

/** `{pair, ...body}` as text: keys such as `__proto__` cannot be set on an object and serialised. */
const prepend = (pair: string, body: object): string => {
  const rest = JSON.stringify(body).slice(1, -1);
  return `{${pair}${rest ? `,${rest}` : ''}}`;
};

interface BodyCase {
  readonly kind: string;
  readonly payload: string;
  readonly contentType?: string;
}

const objectBodyCases = (doc: OpenApiDocument, schema: Schema): fc.Arbitrary<BodyCase> => {
  const properties = Object.keys((schema['properties'] as Record<string, Schema> | undefined) ?? {});
  const required = (schema['required'] as string[] | undefined) ?? [];
  const valid = valueFor(doc, schema).map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}));
  const field = properties.length ? fc.constantFrom(...properties) : fc.constant('field');
  const set = (kind: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<BodyCase> =>
    fc.tuple(valid, field, value).map(([body, key, v]) => ({ kind, payload: JSON.stringify({ ...body, [key]: v }) }));
  return fc.oneof(
    valid.map((body) => ({ kind: 'schema-valid', payload: JSON.stringify(body) })),
    set('wrong-type', wrongType()),
    set('null-field', fc.constant(null)),
    set('hostile-string', hostileString()),
    set('huge-value', hugeValue()),
    fc
      .tuple(valid, fc.constantFrom(...(required.length ? required : ['none'])))
      .map(([body, key]) => ({ kind: 'missing-required', payload: JSON.stringify(Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))) })),
    fc
      .tuple(valid, fc.constantFrom(...HOSTILE_KEYS), fc.jsonValue({ maxDepth: 2 }))
      .map(([body, key, v]) => ({ kind: 'extra-field', payload: prepend(`${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'}`, body) })),
    fc.tuple(valid, field, fc.constantFrom(...NESTING_DEPTHS), fc.constantFrom('object' as const, 'array' as const)).map(([body, key, depth, as]) => ({
      kind: 'deep-nesting',
      payload: withRaw({ ...body, [key]: RAW }, nestedJson(depth, as)),
    })),
    fc.tuple(valid, fc.constantFrom('"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}')).map(([body, pollution]) => ({
      kind: 'prototype-pollution',
      payload: prepend(pollution, body),
    })),
    fc.oneof(wrongType(), hostileString(), fc.constantFrom(...NESTING_DEPTHS).map((d) => RAW + String(d))).map((v) => ({
      kind: 'not-an-object',
      payload: typeof v === 'string' && v.startsWith(RAW) ? nestedJson(Number(v.slice(RAW.length)), 'array') : JSON.stringify(v) ?? 'null',
    })),
    fc
      .tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'))
      .map(([body, contentType]) => ({
        kind: 'content-type',
        contentType,
        payload: contentType.startsWith('application/x-www') ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)])).toString() : JSON.stringify(body),
      })),
  );
};

/** Operations that take no body still meet clients that send one. */
const unexpectedBodyCases = (): fc.Arbitrary<BodyCase | undefined> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom('{}', '{"__proto__":{"polluted":"yes"}}', nestedJson(5_000, 'array')).map((payload) => ({ kind: 'unexpected-body', payload })), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileString(), { maxKeys: 3 }).map((b) => ({ kind: 'unexpected-body', payload: JSON.stringify(b) })), weight: 1 },
  );

/** Files the upload routes accept, with their signatures at the start; `seed` makes each one different. */
const FILE_SIGNATURES: Readonly<Record<string, Buffer>> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': Buffer.from('%PDF-1.7\n', 'latin1'),
};
const fileOf = (type: string, rest: Uint8Array): Buffer => Buffer.concat([FILE_SIGNATURES[type] ?? Buffer.alloc(0), rest]);

/** A file, as an upload route gets it: right, mislabelled, unknown, empty, huge, or not a file at all. */
const fileCases = (types: readonly string[]): fc.Arbitrary<BodyCase & { bytes?: Buffer }> => {
  const type = fc.constantFrom(...types);
  const rest = fc.uint8Array({ minLength: 0, maxLength: 512 });
  return fc.oneof(
    { arbitrary: fc.tuple(type, rest).map(([t, r]) => ({ kind: 'file', contentType: t, payload: '', bytes: fileOf(t, r) })), weight: 4 },
    { arbitrary: fc.tuple(type, type, rest).map(([claimed, actual, r]) => ({ kind: 'file-mislabelled', contentType: claimed, payload: '', bytes: fileOf(actual, r) })), weight: 2 },
    { arbitrary: fc.tuple(type, rest).map(([t, r]) => ({ kind: 'file-unknown-bytes', contentType: t, payload: '', bytes: Buffer.concat([Buffer.from('GIF89a'), r]) })), weight: 2 },
    { arbitrary: type.map((t) => ({ kind: 'file-empty', contentType: `${t}; name="x"`, payload: '', bytes: Buffer.alloc(0) })), weight: 1 },
    // Past any configured limit (BLOB_MAX_BYTES ≤ 100 MiB) would take too long per case; past the default 5 MiB is enough.
    { arbitrary: type.map((t) => ({ kind: 'file-too-large', contentType: t, payload: '', bytes: fileOf(t, new Uint8Array(5 * 1_048_576 + 1)) })), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom('image/gif', 'text/plain', 'application/octet-stream'), rest).map(([t, r]) => ({ kind: 'file-other-type', contentType: t, payload: '', bytes: Buffer.from(r) })), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileString(), { maxKeys: 3 }).map((b) => ({ kind: 'file-as-json', payload: JSON.stringify(b) })), weight: 1 },
  );
};

/** Requests for one operation: a schema-valid one now and then, mostly broken ones. */
export const httpCases = (doc: OpenApiDocument, op: ApiOperation): fc.Arbitrary<HttpCase> => {
  if (op.files)
    return fc.tuple(urlFor(doc, op), fileCases(op.files)).map(([url, body]) => ({
      kind: body.kind,
      method: op.method,
      url,
      takesFiles: true,
      contentType: body.contentType ?? 'application/json',
      ...(body.bytes ? { bytes: body.bytes } : { payload: body.payload }),
    }));
  const bodies: fc.Arbitrary<BodyCase | undefined> = op.body ? objectBodyCases(doc, op.body) : unexpectedBodyCases();
  return fc.tuple(urlFor(doc, op), bodies).map(([url, body]) => ({
    kind: body?.kind ?? 'no-body',
    method: op.method,
    url,
    ...(body ? { payload: body.payload, contentType: body.contentType ?? 'application/json' } : {}),
  }));
};
