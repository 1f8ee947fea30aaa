// The `baton` command line. bin/baton.js loads this file through tsx and calls main().
import { readFileSync } from 'node:fs';

import { Command, CommanderError } from 'commander';
import { BatonClientError } from '../client/client.js';
import { BatonError } from '../manager/errors.js';
import { addAgentCommands } from './agent_commands.js';
import { addImageCommands } from './image_commands.js';
import { addKvCommands } from './kv_commands.js';
import { addManagerCommands } from './manager_commands.js';
import { addNodeCommands } from './node_commands.js';
import { addServiceCommands } from './service_commands.js';
import { addStackCommands } from './stack_commands.js';
import { UsageError } from './util.js';

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

  program
    .option('--managers <list>', 'comma-separated manager addresses (env BATON_MANAGERS; default 127.0.0.1:4400)')
    .option('--manager <host:port>', 'a manager address (repeatable; the same as --managers)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--timeout <ms>', 'deadline of one command, retries included (default 10000)');
  addManagerCommands(program);
  addKvCommands(program);
  addServiceCommands(program);
  addStackCommands(program);
  addNodeCommands(program);
  addAgentCommands(program);
  addImageCommands(program);
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
    // One line, no stack trace unless BATON_DEBUG is set.
    let message = err instanceof Error ? err.message : String(err);
    if (err instanceof BatonClientError) message = `${err.codeName}: ${err.message}`;
    else if (err instanceof BatonError) message = `${err.code}: ${err.message}`;
    process.stderr.write(`baton: ${message}\n`);
    if (process.env['BATON_DEBUG'] && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
  // Commands that ran a manager or a client may leave gRPC handles behind: do not wait for them.
  if (process.exitCode !== undefined && process.exitCode !== 0) process.exit(process.exitCode);
}
