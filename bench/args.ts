// Command-line options of the benchmarks and harnesses: `--name value`.

/** The value after `--name`, or the fallback when the option is not given. */
export const textArg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};

/** A number after `--name`; anything that is not one stops the run, naming the option. */
export const numberArg = (name: string, fallback: number): number => {
  const value = Number(textArg(name, String(fallback)));
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};
