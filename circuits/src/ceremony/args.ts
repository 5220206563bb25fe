import { CeremonyError } from "./errors.ts";

/** Command-line options: `--name value` pairs (repeatable) and bare `--flag`s. */
export type Args = { values: Map<string, string[]>; flags: Set<string> };

export function parseArgs(argv: readonly string[], flagNames: readonly string[]): Args {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new CeremonyError(`unexpected argument "${arg}"; options start with --.`);
    const name = arg.slice(2);
    if (flagNames.includes(name)) {
      flags.add(name);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new CeremonyError(`--${name} needs a value.`);
    values.set(name, [...(values.get(name) ?? []), value]);
    i++;
  }
  return { values, flags };
}

export function required(args: Args, name: string, what: string): string {
  const v = args.values.get(name)?.at(-1);
  if (v === undefined) throw new CeremonyError(`--${name} is required: ${what}.`);
  return v;
}

export function optional(args: Args, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

export function all(args: Args, name: string): string[] {
  return args.values.get(name) ?? [];
}
