// The chaos runner's host layer (deploy/chaos/netns.ts): the layout, the setup commands, the
// partition plans and their iptables rules as pure functions; the runner's argument checks; and,
// as root with ip netns and iptables, one real run: 3 hosts, connectivity, a one-way partition
// checked with bounded TCP connects and UDP datagrams, heal, teardown leaving no namespace behind.
import { type ChildProcess, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

import {
  CLIENT_OCTET,
  HEAL_RULE,
  IFNAMSIZ,
  NS_RE,
  NetnsHosts,
  allNamespaces,
  iptablesRules,
  listNamespaces,
  netnsSupport,
  newPrefix,
  planLayout,
  planPartition,
  randomSubnet,
  setupCommands,
  splitLinks,
  stalePrefixes,
} from '../../deploy/chaos/netns.js';
import { MAX_WORKERS, NETWORK_SCENARIOS, SCENARIOS, WORKER_SCENARIOS, parseRunArgs } from '../../deploy/chaos/runner.js';

const layout = planLayout('btc0a1b2', '10.42.7', 6);
const key = (l: { from: number; to: number }) => `${l.from}>${l.to}`;

describe('layout', () => {
  it('names the namespaces after the prefix and numbers the addresses', () => {
    expect(layout.switchNs).toBe('btc0a1b2-sw');
    expect(layout.client).toEqual({ name: 'cl', ns: 'btc0a1b2-cl', addr: `10.42.7.${CLIENT_OCTET}`, swIf: 'btc0a1b2vc' });
    expect(layout.hosts.map((h) => [h.ns, h.addr, h.swIf])).toEqual([
      ['btc0a1b2-h0', '10.42.7.1', 'btc0a1b2v0'],
      ['btc0a1b2-h1', '10.42.7.2', 'btc0a1b2v1'],
      ['btc0a1b2-h2', '10.42.7.3', 'btc0a1b2v2'],
      ['btc0a1b2-h3', '10.42.7.4', 'btc0a1b2v3'],
      ['btc0a1b2-h4', '10.42.7.5', 'btc0a1b2v4'],
      ['btc0a1b2-h5', '10.42.7.6', 'btc0a1b2v5'],
    ]);
    for (const ns of allNamespaces(layout)) expect(ns, ns).toMatch(NS_RE);
  });

  it('keeps interface names within 15 characters, even with 99 hosts', () => {
    const big = planLayout('btcfffff', '10.1.2', 99);
    for (const h of [big.client, ...big.hosts]) expect(h.swIf.length, h.swIf).toBeLessThanOrEqual(IFNAMSIZ);
  });

  it('draws prefixes and subnets at random, in the expected shapes', () => {
    expect(newPrefix(() => Buffer.from([0xab, 0xcd, 0xef]))).toBe('btcabcde');
    for (let i = 0; i < 50; i++) {
      expect(newPrefix()).toMatch(/^btc[0-9a-f]{5}$/);
      const s = randomSubnet();
      const [a, b, c] = s.split('.').map(Number);
      expect(a).toBe(10);
      expect(b).toBeGreaterThanOrEqual(1);
      expect(b).toBeLessThanOrEqual(254);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(255);
    }
  });

  it('refuses bad prefixes, subnets and host counts', () => {
    expect(() => planLayout('bt0a1b2', '10.1.2', 3)).toThrow(/prefix/);
    expect(() => planLayout('btc0a1b2', '192.168.1', 3)).toThrow(/subnet/);
    expect(() => planLayout('btc0a1b2', '10.1.2', 0)).toThrow(/hosts/);
  });

  it("never touches the machine's own namespace: every command creates one of the run's namespaces or runs inside one", () => {
    const ours = new Set(allNamespaces(layout));
    const cmds = setupCommands(layout);
    for (const c of cmds) {
      if (c[0] === 'netns') {
        expect(c.slice(0, 2), c.join(' ')).toEqual(['netns', 'add']);
        expect(ours.has(c[2]!), c.join(' ')).toBe(true);
      } else {
        expect(c[0], c.join(' ')).toBe('-n');
        expect(ours.has(c[1]!), c.join(' ')).toBe(true);
      }
    }
    // Each veth pair is born in the switch namespace with its peer in the host namespace.
    const veths = cmds.filter((c) => c.includes('veth'));
    expect(veths).toHaveLength(layout.hosts.length + 1);
    for (const h of [layout.client, ...layout.hosts]) {
      expect(veths).toContainEqual(['-n', layout.switchNs, 'link', 'add', h.swIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns]);
      expect(cmds).toContainEqual(['-n', h.ns, 'addr', 'add', `${h.addr}/24`, 'dev', 'eth0']);
    }
    // Namespaces are added before anything is done inside them.
    const added = new Set<string>();
    for (const c of cmds) {
      if (c[0] === 'netns') added.add(c[2]!);
      else expect(added.has(c[1]!), c.join(' ')).toBe(true);
      const peer = c.indexOf('netns', 1);
      if (peer > 0) expect(added.has(c[peer + 1]!), c.join(' ')).toBe(true);
    }
  });
});

describe('partition plans', () => {
  const three = [0, 1, 2];
  const five = [0, 1, 2, 3, 4];
  const reverse = <T>(xs: T[]) => [...xs].reverse();

  it('isolate-leader cuts the leader from every other member, both ways', () => {
    const p = planPartition('isolate-leader', five, 2);
    expect(p.groups).toEqual([[2], [0, 1, 3, 4]]);
    expect(p.links).toHaveLength(8);
    for (const o of [0, 1, 3, 4]) {
      expect(p.links).toContainEqual({ from: 2, to: o });
      expect(p.links).toContainEqual({ from: o, to: 2 });
    }
  });

  it('split-minority puts the leader in the minority: 1|2 of 3, 2|3 of 5', () => {
    const p3 = planPartition('split-minority', three, 1);
    expect(p3.groups.map((g) => g.length)).toEqual([1, 2]);
    expect(p3.groups[0]).toEqual([1]);
    const p5 = planPartition('split-minority', five, 3, reverse);
    expect(p5.groups).toEqual([
      [3, 4],
      [2, 1, 0],
    ]);
    expect(p5.links).toHaveLength(2 * 2 * 3);
  });

  it('split-majority puts the leader in the majority: 2|1 of 3, 3|2 of 5', () => {
    const p3 = planPartition('split-majority', three, 0);
    expect(p3.groups).toEqual([[0, 1], [2]]);
    const p5 = planPartition('split-majority', five, 4);
    expect(p5.groups).toEqual([
      [4, 0, 1],
      [2, 3],
    ]);
    expect(p5.links).toHaveLength(2 * 3 * 2);
  });

  it('one-way blocks only what the others send to the leader', () => {
    const p = planPartition('one-way', five, 0);
    expect(p.links.map(key).sort()).toEqual(['1>0', '2>0', '3>0', '4>0']);
    expect(p.links.some((l) => l.from === 0)).toBe(false);
  });

  it('two-way plans are symmetric and never cut a group inside', () => {
    for (const kind of ['isolate-leader', 'split-minority', 'split-majority'] as const) {
      for (const members of [three, five]) {
        for (const leader of members) {
          const p = planPartition(kind, members, leader, reverse);
          const set = new Set(p.links.map(key));
          for (const l of p.links) expect(set.has(`${l.to}>${l.from}`), `${kind} ${key(l)}`).toBe(true);
          expect(p.groups.flat().sort()).toEqual([...members].sort());
          expect(p.groups[0]).toContain(leader);
          for (const g of p.groups) for (const a of g) for (const b of g) expect(set.has(`${a}>${b}`)).toBe(false);
        }
      }
    }
  });

  it('refuses a leader that is not a member', () => {
    expect(() => planPartition('isolate-leader', three, 4)).toThrow(/leader/);
  });

  it('splitLinks blocks every direction between groups', () => {
    expect(splitLinks([[0], [1, 2]]).map(key).sort()).toEqual(['0>1', '0>2', '1>0', '2>0']);
  });
});

describe('iptables rules', () => {
  it('drops at the receiver: a link from A to B is an INPUT rule in B for A', () => {
    const rules = iptablesRules(layout, [
      { from: 1, to: 0 },
      { from: 2, to: 0 },
      { from: 0, to: 2 },
      { from: 1, to: 0 },
    ]);
    expect([...rules.keys()].sort()).toEqual(['btc0a1b2-h0', 'btc0a1b2-h2']);
    expect(rules.get('btc0a1b2-h0')).toEqual([
      ['-w', '5', '-A', 'INPUT', '-s', '10.42.7.2/32', '-j', 'DROP'],
      ['-w', '5', '-A', 'INPUT', '-s', '10.42.7.3/32', '-j', 'DROP'],
    ]);
    expect(rules.get('btc0a1b2-h2')).toEqual([['-w', '5', '-A', 'INPUT', '-s', '10.42.7.1/32', '-j', 'DROP']]);
    // Nothing ever mentions the client host: it reaches every manager throughout.
    for (const list of rules.values()) for (const r of list) expect(r.join(' ')).not.toContain(layout.client.addr);
    expect(HEAL_RULE).toEqual(['-w', '5', '-F', 'INPUT']);
  });

  it('a lossy link drops that share of the packets at random; a loss outside (0, 1) is refused', () => {
    const rules = iptablesRules(layout, [{ from: 1, to: 0, loss: 0.3 }]);
    expect(rules.get('btc0a1b2-h0'), 'expected a statistic match before the DROP').toEqual([['-w', '5', '-A', 'INPUT', '-s', '10.42.7.2/32', '-m', 'statistic', '--mode', 'random', '--probability', '0.3', '-j', 'DROP']]);
    for (const loss of [0, 1, -0.1, Number.NaN]) expect(() => iptablesRules(layout, [{ from: 1, to: 0, loss }]), `loss ${loss}`).toThrow(/loss must be between 0 and 1/);
  });

  it('refuses links to unknown hosts and to oneself', () => {
    expect(() => iptablesRules(layout, [{ from: 0, to: 9 }])).toThrow(/no host h9/);
    expect(() => iptablesRules(layout, [{ from: 3, to: 3 }])).toThrow(/itself/);
  });
});

describe('cleanup of crashed runs', () => {
  it('takes only names of the run pattern, and leaves a live run alone', () => {
    const names = ['btc12345-sw', 'btc12345-h0', 'btc12345-cl', 'btcabcde-h3', 'btcabcde-sw', 'btc1234-sw', 'btc12345-h0x', 'mynet', 'btc99999-h100', 'xbtc12345-sw'];
    const { stale, live } = stalePrefixes(names, (p) => (p === 'btcabcde' ? 4242 : null));
    expect([...stale]).toEqual([['btc12345', ['btc12345-sw', 'btc12345-h0', 'btc12345-cl']]]);
    expect([...live]).toEqual([['btcabcde', 4242]]);
  });
});

describe('runner arguments', () => {
  it('knows the network scenarios', () => {
    expect(NETWORK_SCENARIOS).toEqual(['isolate-leader', 'split-minority', 'split-majority', 'one-way', 'lossy-leader']);
    const r = parseRunArgs(['--report', '/tmp/x.json']);
    expect('ok' in r && r.ok.scenarios).toEqual([...SCENARIOS]);
    expect(parseRunArgs(['--report', 'x', '--scenario', 'split'])).toEqual({ error: 'unknown scenario "split"' });
  });

  it('takes --workers 0..MAX_WORKERS (default 0) and knows the worker scenarios', () => {
    const d = parseRunArgs(['--report', 'x']);
    expect('ok' in d && d.ok.workers).toBe(0);
    const r = parseRunArgs(['--report', 'x', '--workers', '3', '--scenario', 'kill-worker,restart-worker']);
    expect('ok' in r && [r.ok.workers, r.ok.scenarios]).toEqual([3, ['kill-worker', 'restart-worker']]);
    expect(WORKER_SCENARIOS).toEqual(['kill-worker', 'restart-worker', 'isolate-worker', 'update']);
    for (const w of ['-1', '1.5', 'x', String(MAX_WORKERS + 1)]) expect(parseRunArgs(['--report', 'x', `--workers=${w}`]), w).toEqual({ error: `--workers must be an integer 0..${MAX_WORKERS}` });
  });

  it('takes --no-netns and --cleanup', () => {
    const r = parseRunArgs(['--report', 'x', '--no-netns', '--managers', '5']);
    expect('ok' in r && r.ok.noNetns && r.ok.managers).toBe(5);
    expect(parseRunArgs(['--cleanup'])).toEqual({ cleanup: true });
  });
});

// ------------------------------------------------------------------ real namespaces (root)

const support = netnsSupport();
if (!support.ok) console.log(`test/chaos/netns.test.ts: skipping the namespace integration test: ${support.reason}`);

// One process per host: a TCP server (port 7000, says "hi") and a UDP socket (port 7001) that
// prints every datagram it receives.
const SERVER = `
const net = require('node:net'), dgram = require('node:dgram');
const [addr] = process.argv.slice(1);
let up = 0;
const ready = () => { if (++up === 2) console.log('ready'); };
net.createServer((s) => s.end('hi')).listen(7000, addr, ready);
const u = dgram.createSocket('udp4');
u.on('message', (m) => console.log('udp ' + m));
u.bind(7001, addr, ready);
`;
// Connects (exit 0 on "hi") or sends one datagram; bounded by the given timeout.
const PROBE = `
const net = require('node:net'), dgram = require('node:dgram');
const [kind, addr, msg, timeout] = process.argv.slice(1);
setTimeout(() => process.exit(3), Number(timeout));
if (kind === 'tcp') {
  const s = net.connect(7000, addr);
  s.on('data', () => process.exit(0));
  s.on('error', () => process.exit(2));
} else {
  const u = dgram.createSocket('udp4');
  u.send(msg, 7001, addr, (e) => process.exit(e ? 2 : 0));
}
`;

describe.skipIf(!support.ok)('namespaces for real (root, ip netns, iptables)', () => {
  let hosts: NetnsHosts | null = null;
  const servers: ChildProcess[] = [];
  afterAll(() => {
    for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
    hosts?.teardown();
  });

  it('builds 3 hosts, partitions one way, heals, and leaves no namespace behind', async () => {
    const h = NetnsHosts.create({ hosts: 3 });
    hosts = h;
    const l = h.layout;
    const before = listNamespaces();
    for (const ns of allNamespaces(l)) expect(before, ns).toContain(ns);

    const outputs = l.hosts.map(() => '');
    await Promise.all(
      l.hosts.map(
        (host, i) =>
          new Promise<void>((resolve, reject) => {
            const p = h.spawnIn(i, process.execPath, ['-e', SERVER, host.addr], { stdio: ['ignore', 'pipe', 'inherit'] });
            servers.push(p);
            const t = setTimeout(() => reject(new Error(`server on h${i} not ready`)), 5_000);
            p.stdout!.on('data', (d: Buffer) => {
              outputs[i] += d.toString();
              if (outputs[i]!.includes('ready')) {
                clearTimeout(t);
                resolve();
              }
            });
            p.once('exit', (c) => reject(new Error(`server on h${i} exited ${c}`)));
          }),
      ),
    );
    // `ip netns exec` execs in place: the pid we hold is node's own, in the host's namespace.
    const s0 = servers[0]!;
    expect(spawnSync('ip', ['netns', 'identify', String(s0.pid)], { encoding: 'utf8' }).stdout.trim()).toBe(l.hosts[0]!.ns);
    expect(spawnSync('cat', [`/proc/${s0.pid}/comm`], { encoding: 'utf8' }).stdout.trim()).toBe('node');

    const probe = (from: number | 'client', kind: 'tcp' | 'udp', to: number, msg = '', timeoutMs = 800) =>
      new Promise<boolean>((resolve) => {
        const p = h.spawnIn(from, process.execPath, ['-e', PROBE, kind, l.hosts[to]!.addr, msg, String(timeoutMs)], { stdio: 'ignore' });
        p.once('exit', (code) => resolve(code === 0));
      });
    const tcp = async (pairs: [number | 'client', number][]) => Promise.all(pairs.map(([a, b]) => probe(a, 'tcp', b)));

    expect(await tcp([[1, 0], [2, 0], [0, 1], [0, 2], [1, 2], ['client', 0], ['client', 1], ['client', 2]])).toEqual(Array(8).fill(true));

    // h0 receives nothing from h1 and h2; what h0 sends still reaches them.
    const plan = planPartition('one-way', [0, 1, 2], 0);
    await h.partition(plan.links);
    expect(h.rulesOf(0)).toHaveLength(2);
    expect(h.rulesOf(1)).toEqual([]);
    expect(await tcp([[1, 0], [2, 0], [1, 2], [2, 1], ['client', 0]])).toEqual([false, false, true, true, true]);
    // TCP needs both directions, so direction shows with datagrams.
    expect(await probe(0, 'udp', 1, 'from-h0')).toBe(true);
    expect(await probe(1, 'udp', 0, 'from-h1')).toBe(true); // sent: it is dropped on arrival
    await new Promise((r) => setTimeout(r, 300));
    expect(outputs[1]).toContain('udp from-h0');
    expect(outputs[0]).not.toContain('udp from-h1');

    await h.heal();
    expect(h.rulesOf(0)).toEqual([]);
    expect(await tcp([[1, 0], [2, 0]])).toEqual([true, true]);
    await probe(1, 'udp', 0, 'again-h1');
    await new Promise((r) => setTimeout(r, 300));
    expect(outputs[0]).toContain('udp again-h1');

    expect(h.teardown()).toEqual([]);
    const after = listNamespaces();
    for (const ns of allNamespaces(l)) expect(after, ns).not.toContain(ns);
    // The servers were killed by the teardown (by pid, before their namespace went).
    await Promise.all(servers.map((s) => (s.exitCode !== null || s.signalCode !== null ? null : new Promise((r) => s.once('exit', r)))));
    expect(servers.map((s) => s.signalCode)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
  }, 20_000);
});
