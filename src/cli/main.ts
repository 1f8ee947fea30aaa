// The `baton` command line. bin/baton.js loads this file through tsx and calls main().
import { readFileSync } from 'node:fs';

import { Command, CommanderError } from 'commander';

const DESCRIPTION = 'baton: a container orchestrator with its own Raft';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

export function createProgram(): Command {
  const program = new Command();
  program.name('baton').description(DESCRIPTION).version(packageVersion(), '-V, --version');

  // No subcommands yet. Until there are, this root action turns anything left on the command line
  // into a one-line "unknown command" error, and a bare `baton` into the help text (on stderr,
  // exit 1, as commander does for a program with subcommands). Remove it when adding subcommands:
  // commander then reports unknown commands itself.
  program.allowExcessArguments(true).action(function (this: Command) {
    const [first] = this.args;
    if (first !== undefined) {
      this.error(`error: unknown command '${first}' (see 'baton --help')`, {
        code: 'baton.unknownCommand',
      });
    }
    this.help({ error: true });
  });

  return program;
}

/** Runs the CLI on a full process.argv-style array. Never throws; sets process.exitCode on failure. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Only reachable with exitOverride(); commander has already printed the message.
      process.exitCode = err.exitCode;
      return;
    }
    // Unexpected failure: one line, no stack trace unless BATON_DEBUG is set.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`baton: ${message}\n`);
    if (process.env['BATON_DEBUG'] && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    process.exitCode = 1;
  }
}
