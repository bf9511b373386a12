// GraphQL requests for every query and mutation of the schema: well-formed ones and broken ones.
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { HOSTILE_KEYS, hostileString, hugeValue, wrongType } from './hostile-values';
import type { HttpCase } from './openapi-cases';

/** One root field, `query.platform` or `mutation.dispatchWorkOrder`. */
export interface GraphqlOperation {
  readonly operation: 'query' | 'mutation';
  readonly field: GraphQLField<unknown, unknown>;
}

export const graphqlOperations = (schema: GraphQLSchema): GraphqlOperation[] => [
  ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ operation: 'query' as const, field })),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ operation: 'mutation' as const, field })),
];

/** Every leaf of an object type, objects nested up to `depth` levels: a selection that validates. */
const selectionOf = (type: GraphQLObjectType, depth: number): string => {
  const parts = Object.values(type.getFields())
    .filter((f) => f.args.every((a) => getNullableType(a.type) === a.type))
    .flatMap((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return [f.name];
      if (isObjectType(named) && depth > 0) return [`${f.name} ${selectionOf(named, depth - 1)}`];
      return [];
    });
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
};

const selectionFor = (field: GraphQLField<unknown, unknown>): string => {
  const named = getNamedType(field.type);
  return isObjectType(named) ? ` ${selectionOf(named, 2)}` : '';
};

/** A literal of the argument's type, as GraphQL source text. */
const literalFor = (type: GraphQLInputType, depth = 0): fc.Arbitrary<string> => {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return fc.array(literalFor(nullable.ofType, depth + 1), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);
  if (isEnumType(nullable)) return fc.constantFrom(...nullable.getValues().map((v) => v.name));
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    if (depth > 3 || fields.length === 0) return fc.constant('{}');
    return fc.tuple(...fields.map((f) => literalFor(f.type, depth + 1).map((v) => `${f.name}: ${v}`))).map((pairs) => `{ ${pairs.join(', ')} }`);
  }
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'Int':
        return fc.integer().map(String);
      case 'Float':
        return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n).replace(/^-?0$/, '0'));
      case 'Boolean':
        return fc.boolean().map(String);
      default:
        return fc
          .oneof(fc.string({ maxLength: 20 }), hostileString(), fc.integer({ min: 1_000, max: 15_000 }).map((n) => '长'.repeat(n)))
          .map((s) => JSON.stringify(s));
    }
  }
  return fc.constant('null');
};

/** A literal of some other type, or text that is no literal at all. */
const wrongLiteral = (): fc.Arbitrary<string> =>
  fc.constantFrom('null', '0', '-1', '1.5', 'true', '"x"', '[]', '[[[[[[1]]]]]]', '{}', '{ __proto__: 1 }', 'UNKNOWN_ENUM', '$undeclared', `"${'x'.repeat(5_000)}"`, '99999999999999999999');

const argumentsText = (field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> =>
  field.args.length === 0
    ? fc.constant('')
    : fc.tuple(...field.args.map((a) => literalFor(a.type).map((v) => `${a.name}: ${v}`))).map((pairs) => `(${pairs.join(', ')})`);

const post = (kind: string, body: unknown, contentType = 'application/json'): HttpCase => ({
  kind,
  method: 'POST',
  url: '/graphql',
  contentType,
  payload: JSON.stringify(body),
});

/** Requests for one root field: valid documents and every way of breaking one. */
export const graphqlCases = (op: GraphqlOperation): fc.Arbitrary<HttpCase> => {
  const { operation, field } = op;
  const selection = selectionFor(field);
  const doc = (args: string, sel = selection) => `${operation} { ${field.name}${args}${sel} }`;
  const argName = field.args.length ? fc.constantFrom(...field.args.map((a) => a.name)) : fc.constant('unknownArgument');
  const variableValue = fc.oneof(wrongType(), hostileString(), hugeValue(), fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), fc.jsonValue({ maxDepth: 2 })));
  return fc.oneof(
    { arbitrary: argumentsText(field).map((args) => post('valid', { query: doc(args) })), weight: 3 },
    ...field.args.map((arg) => ({
      arbitrary: fc.tuple(variableValue, fc.boolean()).map(([value, declared]) =>
        post('argument-variable', { query: `${operation} Fuzz($v: ${declared ? String(arg.type) : 'String'}) { ${field.name}(${arg.name}: $v)${selection} }`, variables: { v: value } }),
      ),
      weight: 2,
    })),
    fc.tuple(argName, wrongLiteral()).map(([name, v]) => post('wrong-argument', { query: doc(`(${name}: ${v})`) })),
    fc.tuple(fc.constantFrom(...HOSTILE_KEYS.filter((k) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k)), 'where', 'filter'), hostileString()).map(([name, v]) =>
      post('unknown-argument', { query: doc(`(${name}: ${JSON.stringify(v)})`) }),
    ),
    fc.constantFrom('nope', '__proto__', 'constructor', '__schema { types { name } }').map((extra) => post('unknown-field', { query: doc('', ` { ${extra} }`) })),
    fc.integer({ min: 2, max: 60 }).map((n) => post('aliases', { query: `${operation} { ${Array.from({ length: n }, (_, i) => `a${i}: ${field.name}${selection}`).join(' ')} }` })),
    fc.integer({ min: 5, max: 40 }).map((n) => post('deep-selection', { query: `${operation} { ${field.name} ${'{ a '.repeat(n)}${'}'.repeat(n)} }` })),
    fc
      .tuple(variableValue, fc.constantFrom('String', 'Int', 'Boolean', 'JSONObject', '[String!]!'))
      .map(([value, type]) => post('hostile-variables', { query: `${operation} Fuzz($v: ${type}) { ${field.name}${selection} }`, variables: { v: value } })),
    fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}').map((variables) => ({
      ...post('prototype-pollution', {}),
      payload: `{"query":${JSON.stringify(`${operation} { ${field.name}${selection} }`)},"variables":${variables}}`,
    })),
    fc.oneof(hostileString(), fc.string({ unit: 'binary', maxLength: 200 })).map((query) => post('garbage-document', { query })),
    hostileString().map((name) => post('operation-name', { query: doc(''), operationName: name })),
    fc.constantFrom('@include(if: "yes")', '@skip(if: 1)', '@unknownDirective', '@include(if: true) @include(if: false)').map((d) => post('directive', { query: `${operation} { ${field.name} ${d}${selection} }` })),
    fc.constant(post('fragment-cycle', { query: `${operation} { ...A } fragment A on ${operation === 'query' ? 'Query' : 'Mutation'} { ...B } fragment B on ${operation === 'query' ? 'Query' : 'Mutation'} { ...A }` })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x').map((type) => post('content-type', { query: doc('') }, type)),
    fc.constantFrom('query', 'mutation', 'subscription').map((type) => post('operation-type', { query: `${type} { ${field.name}${selection} }` })),
    fc.constant({ ...post('batch', {}), payload: JSON.stringify([{ query: doc('') }, { query: doc('') }]) }),
    fc.constant<HttpCase>({ kind: 'get', method: 'GET', url: `/graphql?query=${encodeURIComponent(doc(''))}` }),
  );
};
