// Checks a recorded chaos history for linearizability, key by key.
//
//   npx tsx deploy/chaos/check.ts HISTORY.json [--max-states N] [--timeout-ms N] [--key K]... [--json]
//
// Exit status: 0 every key is linearizable; 1 some key is not; 2 bad usage or an unreadable or
// malformed history; 3 no violation found but some key's search hit its bound (inconclusive).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { HistoryFormatError, loadHistory, describeOp, type Operation } from './history.js';
import { type CheckResult, type KeyResult, checkHistory } from './linearizability.js';

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;

const USAGE = 'usage: check.ts HISTORY.json|HISTORY.jsonl [--max-states N] [--timeout-ms N] [--key K]... [--json]';

/** Runs the CLI; returns the exit status. */
export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'max-states': { type: 'string' },
        'timeout-ms': { type: 'string' },
        key: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.values.help) {
    out(USAGE);
    return EXIT_OK;
  }
  if (args.positionals.length !== 1) {
    err(USAGE);
    return EXIT_USAGE;
  }
  const num = (name: string, v: string | undefined): number | undefined | null => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) {
      err(`--${name} must be a positive number, got ${JSON.stringify(v)}`);
      return null;
    }
    return x;
  };
  const maxStates = num('max-states', args.values['max-states']);
  const timeoutMs = num('timeout-ms', args.values['timeout-ms']);
  if (maxStates === null || timeoutMs === null) return EXIT_USAGE;

  const path = args.positionals[0]!;
  let history;
  try {
    history = loadHistory(path);
  } catch (e) {
    err(e instanceof HistoryFormatError ? `${path}: ${e.message}` : `${path}: cannot read: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  const result = checkHistory(history, { maxStates, timeoutMs, keys: args.values.key, trusted: true });
  if (args.values.json) {
    out(JSON.stringify(result, null, 2));
  } else {
    const byId = new Map(history.ops.map((o) => [o.id, o]));
    for (const line of report(result, byId)) out(line);
  }
  return result.verdict === 'ok' ? EXIT_OK : result.verdict === 'violation' ? EXIT_VIOLATION : EXIT_INCONCLUSIVE;
}

/** The human-readable report. */
export function report(result: CheckResult, byId: Map<number, Operation>): string[] {
  const lines: string[] = [];
  const width = Math.max(0, ...result.keys.map((k) => JSON.stringify(k.key).length));
  for (const k of result.keys) {
    const verdict = k.verdict === 'ok' ? 'ok' : k.verdict === 'violation' ? 'VIOLATION' : 'UNKNOWN';
    lines.push(`${JSON.stringify(k.key).padEnd(width)}  ${verdict.padEnd(9)}  ${counts(k)}`);
    if (k.verdict === 'unknown') lines.push(`    inconclusive: ${k.reason}`);
    if (k.violation) {
      for (const l of k.violation.message.split('\n')) lines.push(`    ${l}`);
      const tail = k.violation.longestPrefix.slice(-8);
      if (tail.length > 0) {
        lines.push(`    end of the longest consistent prefix${k.violation.longestPrefix.length > tail.length ? ` (last ${tail.length})` : ''}:`);
        for (const id of tail) lines.push(`      ${describeOp(byId.get(id)!)}`);
      }
    }
  }
  const bad = result.keys.filter((k) => k.verdict !== 'ok').length;
  lines.push(
    result.keys.length === 0
      ? 'no operations to check'
      : `${result.verdict === 'ok' ? 'linearizable' : result.verdict === 'violation' ? 'NOT linearizable' : 'inconclusive'}: ${result.keys.length - bad} of ${result.keys.length} keys ok (${Math.round(result.elapsedMs)} ms)`,
  );
  return lines;
}

function counts(k: KeyResult): string {
  return `${k.checkedOps} ops (${k.requiredOps} ok, ${k.optionalOps} unknown; ${k.droppedOps} dropped)  ${k.exploredStates} states  ${Math.round(k.elapsedMs)} ms`;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
