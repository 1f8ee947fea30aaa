// npm start [-- --managers 3|5] [--agents N] [--exit]
// Starts a local cluster on 127.0.0.1 (real manager and agent processes, free ports, data under
// .baton/), deploys the example stack (deploy/examples/hello.yaml), shows the cluster doing its
// job (placement, a request to a task, a task killed with SIGKILL and replaced, the leader killed
// and the cluster carrying on), then keeps running for you to try the CLI until Ctrl-C. Everything
// it started is stopped by pid, and .baton/ is removed, on exit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { LocalCluster } from './cluster.js';

const { values } = parseArgs({
  options: { managers: { type: 'string', default: '3' }, agents: { type: 'string', default: '2' }, exit: { type: 'boolean', default: false } },
});
const n = Number(values.managers);
const agents = Number(values.agents);
if (n !== 3 && n !== 5) {
  console.error('demo: --managers must be 3 or 5');
  process.exit(2);
}
if (!(Number.isInteger(agents) && agents >= 1 && agents <= 8)) {
  console.error('demo: --agents must be 1..8');
  process.exit(2);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/baton.js');
const DIR = path.join(ROOT, '.baton');
const say = (s: string) => console.log(`\n\x1b[1m== ${s}\x1b[0m`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: LocalCluster | null = null;
async function cleanup(code: number): Promise<never> {
  await cluster?.close();
  rmSync(DIR, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void cleanup(0));
process.on('SIGTERM', () => void cleanup(0));

/** Polls until probe returns a value (bounded). */
async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000; i++) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) break;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

try {
  // .baton/ belongs to the demo: whatever an earlier run left there is stale.
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  say(`starting ${n} managers (baton init, then baton join) and ${agents} worker agents on 127.0.0.1`);
  const t0 = Date.now();
  cluster = await LocalCluster.start({ managers: n, logLevel: 'warn', dir: path.join(DIR, 'cluster') });
  for (let i = 0; i < agents; i++) await cluster.addAgent();
  console.log(`${n} voting managers and ${agents} ready workers in ${Date.now() - t0} ms; data and logs in ${cluster.dir}`);
  const managers = cluster.managers.map((m) => m.address).join(',');
  const cli = (...args: string[]) => {
    console.log(`$ baton ${args.join(' ')}`);
    process.stdout.write(execFileSync(process.execPath, [BIN, '--managers', managers, ...args], { encoding: 'utf8', cwd: ROOT }));
  };
  cli('manager', 'ls');
  cli('node', 'ls');

  say('deploy the example stack: a web service of 4 replicas and a global heartbeat');
  // The stack names its server by a path relative to the repository; the agents need it absolute.
  const stackFile = path.join(DIR, 'hello.yaml');
  writeFileSync(stackFile, readFileSync(path.join(ROOT, 'deploy/examples/hello.yaml'), 'utf8').replace('deploy/examples/hello-server.mjs', path.join(ROOT, 'deploy/examples/hello-server.mjs')));
  cli('stack', 'deploy', '-f', stackFile, 'hello');
  const c = cluster.client();
  const web = await c.getService('hello-web');
  const running = async (): Promise<Task__Output[] | null> => {
    const ts: Task__Output[] = [];
    for await (const t of c.listAllTasks({ serviceId: web.id })) if (t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING') ts.push(t);
    return ts.length === 4 ? ts : null;
  };
  const tasks = await until('4 web tasks running', running);
  cli('service', 'ls');
  cli('service', 'ps', 'hello-web');

  const t = tasks[0]!;
  const port = t.ports[0]?.hostPort;
  say(`a request to task ${t.id.slice(0, 12)} on its port ${port}`);
  console.log((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim());

  say('kill -9 one web task: the orchestrator replaces it in the same slot');
  const pid = Number(/pid (\d+)/.exec(t.status?.message ?? '')?.[1]);
  const t1 = Date.now();
  process.kill(pid, 'SIGKILL');
  const replaced = await until('the replacement running', async () => {
    const ts = await running();
    return ts && !ts.some((x) => x.id === t.id) ? ts : null;
  });
  const repl = replaced.find((x) => x.slot === t.slot)!;
  console.log(`slot ${t.slot}: task ${repl.id.slice(0, 12)} running ${Date.now() - t1} ms after the kill`);

  say('kill -9 the leader: a new leader takes over scheduling; the tasks keep running');
  const leader = await cluster.leaderIndex();
  await cluster.kill(leader);
  const t2 = Date.now();
  const cur = await c.getService(web.id);
  await c.updateService(web.id, cur.meta!.version, { ...cur.spec!, replicated: { replicas: 6 } });
  await until('6 web tasks running', async () => {
    let k = 0;
    for await (const x of c.listAllTasks({ serviceId: web.id })) if (x.desiredState === 'TASK_RUNNING' && x.status?.state === 'TASK_RUNNING') k++;
    return k === 6 ? k : null;
  });
  console.log(`scaled to 6 under the new leader, ${Date.now() - t2} ms after the kill`);
  await cluster.restart(leader);
  cli('service', 'ps', 'hello-web');
  cli('service', 'logs', 'hello-web', '--tail', '2');
  c.close();

  if (values.exit) await cleanup(0);
  say('the cluster keeps running; try it in another terminal:');
  console.log(`  export BATON_MANAGERS=${managers}`);
  console.log('  npx baton node ls');
  console.log('  npx baton service ps hello-web');
  console.log('  npx baton service scale hello-web 8');
  console.log('  npx baton service logs hello-heartbeat --follow');
  console.log(`  npx baton node update ${cluster.agents[0]!.hostname} --availability drain`);
  console.log('Ctrl-C stops every process and removes .baton/.');
  await new Promise(() => {});
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  await cleanup(1);
}
