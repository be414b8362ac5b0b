import { UsageError } from './walk';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const HINTS: Record<string, string> = {
  '--format': ' Use --format text, json or sarif.',
  '--severity-threshold': ' Use info, warning or error.',
};

/** `--flag value`, `--flag=value` and switches; anything else starting with `-` is a usage error. */
export function parseArgs(args: string[], valueFlags: readonly string[], switches: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (valueFlags.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value.${HINTS[name] ?? ''}`);
      flags.set(name, value);
    } else if (switches.includes(name)) {
      flags.set(name, true);
    } else {
      throw new UsageError(`Unknown option ${name}. Run "warden --help" for the options.`);
    }
  }
  return { positional, flags };
}
