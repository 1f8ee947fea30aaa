// baton kv: the linearizable key/value space.
import type { Command } from 'commander';
import type { KeyValue__Output } from '../gen/baton/v1/KeyValue';
import { withClient } from './manager_commands.js';
import { int } from './util.js';

function show(kv: KeyValue__Output | null): string {
  return kv ? `${kv.key} = ${kv.value.toString()}  (version ${kv.version}, revision ${kv.modRevision})` : '(absent)';
}

export function addKvCommands(program: Command): void {
  const kv = program.command('kv').description('the linearizable key/value space');
  kv.command('put')
    .argument('<key>')
    .argument('<value>')
    .action(async (key: string, value: string) => {
      await withClient(program, async (c) => {
        const r = await c.put(key, value);
        process.stdout.write(`revision ${r.revision}\n`);
      });
    });
  kv.command('get')
    .argument('<key>')
    .option('--local', 'answer from the contacted manager at once (may be stale)')
    .action(async (key: string, f: { local?: boolean }) => {
      await withClient(program, async (c) => {
        const r = await c.get(key, { local: f.local });
        process.stdout.write(`${show(r.kv)}\n`);
        if (!r.kv) process.exitCode = 1;
      });
    });
  kv.command('del')
    .argument('<key>')
    .action(async (key: string) => {
      await withClient(program, async (c) => {
        const r = await c.delete(key);
        process.stdout.write(r.deleted ? `deleted at revision ${r.revision}\n` : 'no such key\n');
      });
    });
  kv.command('cas')
    .description('set <key> to <value> only if it currently has --expect-value or --expect-version')
    .argument('<key>')
    .argument('<value>')
    .option('--expect-value <value>')
    .option('--expect-version <n>', 'the key version (0: the key must be absent)')
    .action(async (key: string, value: string, f: { expectValue?: string; expectVersion?: string }) => {
      if ((f.expectValue === undefined) === (f.expectVersion === undefined)) {
        throw new (await import('./util.js')).UsageError('give exactly one of --expect-value and --expect-version');
      }
      await withClient(program, async (c) => {
        const expected = f.expectValue !== undefined ? { value: f.expectValue } : { version: int('--expect-version', f.expectVersion!, 0) };
        const r = await c.compareAndSwap(key, expected, value);
        process.stdout.write(r.succeeded ? `swapped at revision ${r.revision}\n` : `not swapped: current ${show(r.prev)}\n`);
        if (!r.succeeded) process.exitCode = 1;
      });
    });
  kv.command('range')
    .alias('ls')
    .description('list the keys under a prefix, in key order (alias: ls)')
    .argument('[prefix]', 'key prefix', '')
    .option('--limit <n>', 'at most this many keys', '1000')
    .action(async (prefix: string, f: { limit: string }) => {
      await withClient(program, async (c) => {
        const r = await c.range(prefix, { limit: int('--limit', f.limit, 1) });
        for (const x of r.kvs) process.stdout.write(`${show(x)}\n`);
        if (r.more) process.stdout.write('(more keys match; raise --limit)\n');
      });
    });
  kv.command('watch')
    .argument('[prefix]', 'key prefix', '')
    .option('--from <revision>', 'replay changes after this revision first', '0')
    .action(async (prefix: string, f: { from: string }) => {
      await withClient(program, async (c) => {
        const ac = new AbortController();
        process.once('SIGINT', () => ac.abort());
        for await (const e of c.watch(prefix, int('--from', f.from, 0), ac.signal)) {
          process.stdout.write(`${e.revision} ${e.type === 'WATCH_PUT' ? 'PUT' : 'DELETE'} ${e.kv!.key}${e.type === 'WATCH_PUT' ? ` = ${e.kv!.value.toString()}` : ''}\n`);
        }
      });
    });
}
