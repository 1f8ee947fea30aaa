// npm run demo [-- --managers 3|5] [--exit]
// Starts a local cluster of real manager processes, shows it doing its job (membership, writes
// and linearizable reads through any manager, the leader killed with SIGKILL and replaced, a
// leadership transfer), then keeps it running for you to try the CLI until Ctrl-C. Everything it
// started is stopped by pid and its directory removed on exit.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocalCluster } from './cluster.js';

const { values } = parseArgs({ options: { managers: { type: 'string', default: '3' }, exit: { type: 'boolean', default: false } } });
const n = Number(values.managers);
if (n !== 3 && n !== 5) {
  console.error('demo: --managers must be 3 or 5');
  process.exit(2);
}

const BIN = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const say = (s: string) => console.log(`\n\x1b[1m== ${s}\x1b[0m`);

let cluster: LocalCluster | null = null;
async function cleanup(code: number): Promise<never> {
  await cluster?.close();
  process.exit(code);
}
process.on('SIGINT', () => void cleanup(0));
process.on('SIGTERM', () => void cleanup(0));

try {
  say(`starting ${n} managers (baton init, then baton join) on 127.0.0.1`);
  const t0 = Date.now();
  cluster = await LocalCluster.start({ managers: n, logLevel: 'warn' });
  console.log(`${n} voting managers in ${Date.now() - t0} ms; data and logs in ${cluster.dir}`);
  const managers = cluster.managers.map((m) => m.address).join(',');
  const cli = (...args: string[]) => {
    console.log(`$ baton ${args.join(' ')}`);
    process.stdout.write(execFileSync(process.execPath, [BIN, '--managers', managers, ...args], { encoding: 'utf8' }));
  };
  cli('manager', 'ls');

  say('writes through one manager, linearizable reads through another');
  const c = cluster.client();
  for (const [k, v] of [['config/color', 'blue'], ['config/size', 'large'], ['config/replicas', '3']] as const) await c.put(k, v);
  execFileSync(process.execPath, [BIN, '--managers', cluster.managers[n - 1]!.address, 'kv', 'range', 'config/'], { stdio: 'inherit' });

  say('kill -9 the leader while writing');
  const leader = await cluster.leaderIndex();
  console.log(`leader is manager ${cluster.managers[leader]!.id} at ${cluster.managers[leader]!.address}`);
  await cluster.kill(leader);
  const t1 = Date.now();
  const r = await c.put('config/color', 'green');
  console.log(`the next write committed ${Date.now() - t1} ms after the kill (revision ${r.revision})`);
  cli('kv', 'get', 'config/color');
  cli('manager', 'ls');

  say('restart the killed manager: it catches up from its own disk and the leader');
  await cluster.restart(leader);
  await cluster.waitForVoters(n);
  cli('cluster', 'status');

  say('hand leadership over to the most up-to-date follower');
  cli('manager', 'transfer-leadership');
  c.close();

  if (values.exit) await cleanup(0);
  say('the cluster keeps running; try it in another terminal:');
  console.log(`  export BATON_MANAGERS=${managers}`);
  console.log('  npx baton manager ls');
  console.log('  npx baton kv put hello world && npx baton kv get hello');
  console.log('  npx baton kv watch config/');
  console.log('Ctrl-C stops every manager and removes the data.');
  await new Promise(() => {});
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  await cleanup(1);
}
