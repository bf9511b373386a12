// Proves that the type-level specs mean what they say: each file type-checks as written, and with its
// `@ts-expect-error` directives removed, every line they guarded is a compile error — so none of them
// is vacuous, and `tsc --noEmit` would fail if one of those lines started to compile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..');
const TYPE_SPECS = ['projections/src/projection.types.spec.ts'];
const DIRECTIVE = '// @ts-expect-error';

const options = (() => {
  const configFile = join(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile).options;
})();

/** Lines (1-based) with a compile error when `file` is checked with `text` as its content. */
const errorLines = (file: string, text: string): number[] => {
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language, true) : read(name, language, ...rest);
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file)!;
  return [...program.getSemanticDiagnostics(source), ...program.getSyntacticDiagnostics(source)].map(
    (d) => source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
  );
};

describe.each(TYPE_SPECS)('type-level spec %s', (relative) => {
  const file = join(root, relative).replaceAll('\\', '/');
  const text = readFileSync(file, 'utf8');
  const guarded = text
    .split('\n')
    .flatMap((line, index) => (line.trim().startsWith(DIRECTIVE) ? [index + 2] : [])); // the line after the directive

  it('has expectations, and type-checks as written', () => {
    expect(guarded.length).toBeGreaterThan(0);
    expect(errorLines(file, text)).toEqual([]);
  });

  it('has a compile error on every guarded line once the directives are removed', () => {
    const stripped = text.replaceAll(DIRECTIVE, '// (expectation removed)');
    const failing = new Set(errorLines(file, stripped));
    expect(guarded.filter((line) => !failing.has(line))).toEqual([]);
  });
});
