// Small helpers of the CLI: option parsing, errors as one line, tables.
import { type Command, CommanderError } from 'commander';
import { BatonClient } from '../client/client.js';

/** A user mistake: printed as one line, exit status 2. */
export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

export function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) fail(`${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

export function clientFrom(program: Command): BatonClient {
  const one = program.opts()['manager'] as string[] | undefined;
  const raw = (program.opts()['managers'] as string | undefined) ?? (one && one.length > 0 ? one.join(',') : undefined) ?? process.env['BATON_MANAGERS'] ?? '127.0.0.1:4400';
  const managers = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const m of managers) if (!/^[^\s]+:\d+$/.test(m)) fail(`--managers: "${m}" is not host:port`);
  const timeout = program.opts()['timeout'] as string | undefined;
  return new BatonClient({ managers, timeoutMs: timeout === undefined ? undefined : int('--timeout', timeout, 1) });
}

export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
}

/**
 * Makes commander's own usage errors of `cmd` and of the subcommands added to it afterwards
 * (unknown option, missing argument, bad choice) exit with status 2, like UsageError; help and
 * version still exit 0. Commander prints its one-line message before this runs.
 */
export function usageErrorsExit2(cmd: Command): Command {
  return cmd.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
  });
}
