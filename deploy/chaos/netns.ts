// The chaos runner's host layer: every host (each manager, plus one "client" host for the workload
// and the checkers) is a Linux network namespace with its own address, all joined by a bridge that
// lives in a "switch" namespace of its own. Partitions are iptables rules inside the host
// namespaces. Nothing in the machine's own network namespace is changed: every veth pair is created
// inside the switch namespace with its peer created directly in the host namespace, and no address,
// route or rule is ever added outside the namespaces of this run.
//
//   switch ns  <prefix>-sw : bridge br0, one veth end per host (<prefix>v<i>, <prefix>vc)
//   host ns    <prefix>-h<i>: eth0 = 10.A.B.(i+1)/24, lo up              (managers, spare hosts)
//   client ns  <prefix>-cl : eth0 = 10.A.B.200/24, lo up                  (workload, checkers)
//
// The prefix is `btc` + 5 random hex digits (interface names must fit in 15 characters), the /24 is
// picked at random in 10.0.0.0/8 per run, so concurrent runs never collide. A run only ever deletes
// the namespaces it created (teardown); `run.sh --cleanup` removes leftovers of crashed runs (names
// matching NS_RE whose run is no longer alive), nothing else.
//
// Root is needed (ip netns, iptables). The pure functions (layout, setup commands, partition plans,
// iptables rules) are tested without it in test/chaos/netns.test.ts.
import { type ChildProcess, type SpawnOptions, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alive } from './procs.js';

// ------------------------------------------------------------------ names and layout (pure)

/** A run's prefix: `btc` + 5 hex digits. */
export const PREFIX_RE = /^btc[0-9a-f]{5}$/;
/** Every namespace a run creates: `<prefix>-sw`, `<prefix>-cl`, `<prefix>-h<i>`. */
export const NS_RE = /^(btc[0-9a-f]{5})-(sw|cl|h[0-9]{1,2})$/;
/** Linux interface names: at most 15 characters. */
export const IFNAMSIZ = 15;
export const BRIDGE = 'br0';
/** The last octet of the client host's address. */
export const CLIENT_OCTET = 200;

export interface Host {
  /** 'h0', 'h1', ... or 'cl' for the client host. */
  name: string;
  /** Its network namespace. */
  ns: string;
  /** Its address on the bridge (eth0). */
  addr: string;
  /** The veth end in the switch namespace, attached to the bridge. */
  swIf: string;
}

export interface NetLayout {
  prefix: string;
  /** The first three octets of the run's /24, e.g. '10.23.7'. */
  subnet: string;
  switchNs: string;
  client: Host;
  hosts: Host[];
}

export function newPrefix(rand: () => Buffer = () => randomBytes(3)): string {
  return `btc${rand().toString('hex').slice(0, 5)}`;
}

/** A random /24 in 10.0.0.0/8 (avoiding 10.0.0.0/16 and 10.255.0.0/16), as its first three octets. */
export function randomSubnet(rand: () => Buffer = () => randomBytes(2)): string {
  const b = rand();
  return `10.${1 + (b[0]! % 254)}.${b[1]!}`;
}

/** The layout of a run with `n` hosts (h0..h<n-1>) and the client host. */
export function planLayout(prefix: string, subnet: string, n: number): NetLayout {
  if (!PREFIX_RE.test(prefix)) throw new Error(`bad prefix ${JSON.stringify(prefix)} (want ${PREFIX_RE})`);
  if (!/^10\.\d{1,3}\.\d{1,3}$/.test(subnet)) throw new Error(`bad subnet ${JSON.stringify(subnet)} (want 10.A.B)`);
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`hosts must be 1..99, got ${n}`);
  const host = (name: string, octet: number, sw: string): Host => ({ name, ns: `${prefix}-${name}`, addr: `${subnet}.${octet}`, swIf: `${prefix}${sw}` });
  const layout: NetLayout = {
    prefix,
    subnet,
    switchNs: `${prefix}-sw`,
    client: host('cl', CLIENT_OCTET, 'vc'),
    hosts: Array.from({ length: n }, (_, i) => host(`h${i}`, i + 1, `v${i}`)),
  };
  for (const h of [layout.client, ...layout.hosts]) {
    if (h.swIf.length > IFNAMSIZ) throw new Error(`interface name ${h.swIf} is longer than ${IFNAMSIZ}`);
  }
  return layout;
}

export function allNamespaces(l: NetLayout): string[] {
  return [l.switchNs, l.client.ns, ...l.hosts.map((h) => h.ns)];
}

/**
 * The `ip` invocations that build the layout, in order. Every command either creates a namespace
 * (`netns add`) or runs inside one of the run's namespaces (`ip -n NS ...`); none changes the
 * machine's own namespace. The veth pair is created in the switch namespace with its peer placed
 * directly in the host namespace, so it never exists in the machine's namespace, even briefly.
 */
export function setupCommands(l: NetLayout): string[][] {
  const sw = l.switchNs;
  const cmds: string[][] = [
    ['netns', 'add', sw],
    ['-n', sw, 'link', 'set', 'lo', 'up'],
    ['-n', sw, 'link', 'add', BRIDGE, 'type', 'bridge'],
    ['-n', sw, 'link', 'set', BRIDGE, 'up'],
  ];
  for (const h of [l.client, ...l.hosts]) {
    cmds.push(
      ['netns', 'add', h.ns],
      ['-n', sw, 'link', 'add', h.swIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns],
      ['-n', sw, 'link', 'set', h.swIf, 'master', BRIDGE],
      ['-n', sw, 'link', 'set', h.swIf, 'up'],
      ['-n', h.ns, 'addr', 'add', `${h.addr}/24`, 'dev', 'eth0'],
      ['-n', h.ns, 'link', 'set', 'eth0', 'up'],
      ['-n', h.ns, 'link', 'set', 'lo', 'up'],
    );
  }
  return cmds;
}

// ------------------------------------------------------------------ partitions (pure)

/**
 * A blocked direction: packets sent by host `from` never arrive at host `to` (host indices); with
 * `loss` (0..1), only that share of them, at random (a lossy link: TCP retransmits the rest).
 */
export interface Link {
  from: number;
  to: number;
  loss?: number;
}

export type PartitionKind = 'isolate-leader' | 'split-minority' | 'split-majority' | 'one-way';

export interface PartitionPlan {
  kind: PartitionKind;
  /** The groups that can talk among themselves (for the two-way partitions), host indices. */
  groups: number[][];
  links: Link[];
  /** A line for the report. */
  describe: string;
}

/** Every direction between the groups is blocked (a two-way partition). */
export function splitLinks(groups: readonly (readonly number[])[]): Link[] {
  const links: Link[] = [];
  for (let a = 0; a < groups.length; a++)
    for (let b = 0; b < groups.length; b++) {
      if (a === b) continue;
      for (const from of groups[a]!) for (const to of groups[b]!) links.push({ from, to });
    }
  return links;
}

/**
 * The partition of a scenario, over the cluster's hosts `members` (host indices, the leader among
 * them). `shuffle` orders the other members (seeded by the runner) to choose who joins the leader.
 *
 *  - isolate-leader: {leader} | {everyone else}, both directions.
 *  - split-minority: the leader in the minority: 1|2 for 3 managers, 2|3 for 5.
 *  - split-majority: the leader in the majority: 2|1 for 3, 3|2 for 5.
 *  - one-way: the leader receives nothing from the other managers, but what it sends reaches them.
 *
 * The client host is in no group: it reaches every manager throughout.
 */
export function planPartition(kind: PartitionKind, members: readonly number[], leader: number, shuffle: <T>(xs: T[]) => T[] = (xs) => xs): PartitionPlan {
  if (!members.includes(leader)) throw new Error(`the leader h${leader} is not among the members ${members.join(',')}`);
  if (members.length < 2) throw new Error('a partition needs at least two members');
  const others = shuffle(members.filter((m) => m !== leader));
  const n = members.length;
  const fmt = (g: number[]) => `{${g.map((h) => `h${h}`).join(',')}}`;
  let groups: number[][];
  switch (kind) {
    case 'isolate-leader':
      groups = [[leader], others];
      break;
    case 'split-minority': {
      const minority = Math.floor((n - 1) / 2); // 1 of 3, 2 of 5
      groups = [[leader, ...others.slice(0, minority - 1)], others.slice(minority - 1)];
      break;
    }
    case 'split-majority': {
      const majority = Math.floor(n / 2) + 1; // 2 of 3, 3 of 5
      groups = [[leader, ...others.slice(0, majority - 1)], others.slice(majority - 1)];
      break;
    }
    case 'one-way': {
      const links = others.map((o) => ({ from: o, to: leader }));
      return { kind, groups: [], links, describe: `h${leader} (leader) receives nothing from ${fmt(others)}; its own packets still reach them` };
    }
    default:
      throw new Error(`unknown partition ${String(kind)}`);
  }
  const describe = `${fmt(groups[0]!)} | ${fmt(groups[1]!)} (leader h${leader} with ${groups[0]!.length} of ${n}), both directions`;
  return { kind, groups, links: splitLinks(groups), describe };
}

/**
 * The iptables rules of a set of blocked links, per host namespace: a link from A to B is one rule
 * in B's namespace, `-A INPUT -s <A> -j DROP`. Dropping at the receiver only is what a lossy network
 * does: the sender's packets leave and vanish (a DROP in the sender's OUTPUT chain would instead
 * fail its send() at once with EPERM, which no real partition does). Healing flushes the chain.
 */
export function iptablesRules(l: NetLayout, links: readonly Link[]): Map<string, string[][]> {
  const rules = new Map<string, string[][]>();
  const seen = new Set<string>();
  for (const link of links) {
    const { from, to } = link;
    if (from === to) throw new Error(`a link from h${from} to itself`);
    const src = l.hosts[from];
    const dst = l.hosts[to];
    if (!src || !dst) throw new Error(`no host h${!src ? from : to} in the layout (${l.hosts.length} hosts)`);
    const k = `${from}>${to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const list = rules.get(dst.ns) ?? [];
    const lossy = link.loss === undefined ? [] : ['-m', 'statistic', '--mode', 'random', '--probability', String(link.loss)];
    if (link.loss !== undefined && !(link.loss > 0 && link.loss < 1)) throw new Error(`loss must be between 0 and 1, got ${link.loss}`);
    list.push(['-w', '5', '-A', 'INPUT', '-s', `${src.addr}/32`, ...lossy, '-j', 'DROP']);
    rules.set(dst.ns, list);
  }
  return rules;
}

/** The flush that heals every partition of a host. */
export const HEAL_RULE = ['-w', '5', '-F', 'INPUT'];

// ------------------------------------------------------------------ environment checks

export interface NetnsSupport {
  ok: boolean;
  /** Why not, when not. */
  reason: string;
}

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** Whether this process can build namespaces and partition them: root, `ip` with netns, iptables. */
export function netnsSupport(): NetnsSupport {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'not root (ip netns and iptables need root)' };
  if (!which('ip')) return { ok: false, reason: 'the `ip` command (iproute2) is not installed' };
  if (!which('iptables')) return { ok: false, reason: 'the `iptables` command is not installed' };
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5_000 });
  if (r.status !== 0) return { ok: false, reason: `\`ip netns list\` failed: ${(r.stderr || r.error?.message || '').trim()}` };
  return { ok: true, reason: '' };
}

// ------------------------------------------------------------------ the hosts (needs root)

const MARKER_DIR = path.join(tmpdir(), 'baton-chaos-netns');

function ip(args: string[]): void {
  try {
    execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`ip ${args.join(' ')}: ${(err.stderr?.toString() || err.message).trim()}`);
  }
}

function run(cmd: string, args: string[], timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: timeoutMs }, (e, _out, err) => (e ? reject(new Error(`${cmd} ${args.join(' ')}: ${(String(err) || e.message).trim()}`)) : resolve())),
  );
}

/** The namespaces that exist now (`ip netns list`). */
export function listNamespaces(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5_000 });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((x) => x !== '');
}

/** The pids of the processes in a namespace (`ip netns pids`). */
function pidsIn(ns: string): number[] {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5_000 });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0 && x !== process.pid);
}

/** Kills (SIGCONT, then SIGKILL, by pid) what still runs in the namespace, then deletes it. */
function removeNamespace(ns: string): string | null {
  for (const pid of pidsIn(ns)) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = spawnSync('ip', ['netns', 'del', ns], { encoding: 'utf8', timeout: 5_000 });
    if (r.status === 0 || !listNamespaces().includes(ns)) return null;
    last = (r.stderr || '').trim();
    spawnSync('sleep', ['0.1']);
  }
  return `ip netns del ${ns}: ${last}`;
}

export interface CreateOptions {
  /** Hosts h0..h<n-1> (the client host comes in addition). */
  hosts: number;
  prefix?: string;
  subnet?: string;
  log?: (line: string) => void;
}

/**
 * The hosts of one run. `create` builds them (and is the only owner: `teardown` deletes them);
 * `attach` gives a process started inside the client namespace the same handle, without
 * ownership, to start processes on the hosts and to partition them.
 */
export class NetnsHosts {
  private tornDown = false;

  private constructor(
    readonly layout: NetLayout,
    readonly owner: boolean,
  ) {}

  static create(opts: CreateOptions): NetnsHosts {
    const support = netnsSupport();
    if (!support.ok) throw new Error(`network namespaces unavailable: ${support.reason}`);
    const existing = new Set(listNamespaces());
    let layout: NetLayout | null = null;
    for (let attempt = 0; attempt < 10 && layout === null; attempt++) {
      const l = planLayout(opts.prefix ?? newPrefix(), opts.subnet ?? randomSubnet(), opts.hosts);
      if (!allNamespaces(l).some((ns) => existing.has(ns))) layout = l;
      else if (opts.prefix) throw new Error(`namespaces with prefix ${opts.prefix} exist already`);
    }
    if (!layout) throw new Error('no unused prefix found');
    const h = new NetnsHosts(layout, true);
    // The marker says which process owns the prefix, so that `--cleanup` leaves a live run alone.
    mkdirSync(MARKER_DIR, { recursive: true });
    writeFileSync(path.join(MARKER_DIR, `${layout.prefix}.json`), JSON.stringify({ pid: process.pid, created: new Date().toISOString(), layout }) + '\n');
    try {
      for (const cmd of setupCommands(layout)) ip(cmd);
      // iptables must work inside the namespaces (kernel support for nf_tables or x_tables).
      for (const host of layout.hosts) ip(['netns', 'exec', host.ns, 'iptables', '-w', '5', '-S', 'INPUT']);
    } catch (e) {
      h.teardown();
      throw e;
    }
    opts.log?.(`netns: ${layout.hosts.length} hosts + client in ${layout.subnet}.0/24, namespaces ${layout.prefix}-{sw,cl,h0..h${layout.hosts.length - 1}}`);
    return h;
  }

  static attach(layout: NetLayout): NetnsHosts {
    return new NetnsHosts(layout, false);
  }

  host(i: number): Host {
    const h = this.layout.hosts[i];
    if (!h) throw new Error(`no host h${i} (the layout has ${this.layout.hosts.length})`);
    return h;
  }

  /**
   * Starts `cmd args` inside host `i`'s namespace. `ip netns exec` execs the command in place
   * (it forks only with -batch), so the child's pid is the command's own pid: signals sent to it
   * (SIGKILL, SIGSTOP) reach the command itself.
   */
  spawnIn(i: number | 'client', cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const ns = i === 'client' ? this.layout.client.ns : this.host(i).ns;
    return spawn('ip', ['netns', 'exec', ns, cmd, ...args], opts);
  }

  /** Installs the iptables rules of `links` (on top of what is there). */
  async partition(links: readonly Link[]): Promise<void> {
    const rules = iptablesRules(this.layout, links);
    await Promise.all(
      [...rules].map(async ([ns, list]) => {
        for (const r of list) await run('ip', ['netns', 'exec', ns, 'iptables', ...r]);
      }),
    );
  }

  /** Removes every partition (flushes INPUT in every host namespace). */
  async heal(): Promise<void> {
    await Promise.all(this.layout.hosts.map((h) => run('ip', ['netns', 'exec', h.ns, 'iptables', ...HEAL_RULE])));
  }

  /** The rules now in place in host i (iptables -S INPUT), for diagnostics. */
  rulesOf(i: number): string[] {
    const r = spawnSync('ip', ['netns', 'exec', this.host(i).ns, 'iptables', '-w', '5', '-S', 'INPUT'], { encoding: 'utf8', timeout: 10_000 });
    return r.stdout.split('\n').filter((x) => x.startsWith('-A'));
  }

  /**
   * Deletes every namespace of this run (the hosts' veth ends go with them), after killing by pid
   * whatever still runs inside. Synchronous so that it can run from an exit handler. Returns the
   * problems (empty when all is gone). Only the owner (the process that created them) tears down.
   */
  teardown(): string[] {
    if (!this.owner || this.tornDown) return [];
    this.tornDown = true;
    const problems: string[] = [];
    const present = new Set(listNamespaces());
    for (const ns of [...this.layout.hosts.map((h) => h.ns), this.layout.client.ns, this.layout.switchNs]) {
      if (!present.has(ns)) continue;
      const p = removeNamespace(ns);
      if (p) problems.push(p);
    }
    if (problems.length === 0) rmSync(path.join(MARKER_DIR, `${this.layout.prefix}.json`), { force: true });
    return problems;
  }
}

// ------------------------------------------------------------------ cleanup of crashed runs

/**
 * Groups namespace names by run prefix, keeping only names that match NS_RE (a run's own names);
 * a prefix whose owner (`liveOwner`) is alive is left out.
 */
export function stalePrefixes(namespaces: readonly string[], liveOwner: (prefix: string) => number | null): { stale: Map<string, string[]>; live: Map<string, number> } {
  const stale = new Map<string, string[]>();
  const live = new Map<string, number>();
  for (const ns of namespaces) {
    const m = NS_RE.exec(ns);
    if (!m) continue;
    const prefix = m[1]!;
    if (live.has(prefix)) continue;
    if (!stale.has(prefix)) {
      const owner = liveOwner(prefix);
      if (owner !== null) {
        live.set(prefix, owner);
        continue;
      }
    }
    stale.set(prefix, [...(stale.get(prefix) ?? []), ns]);
  }
  return { stale, live };
}

function ownerOf(prefix: string): number | null {
  try {
    const m = JSON.parse(readFileSync(path.join(MARKER_DIR, `${prefix}.json`), 'utf8')) as { pid?: number };
    return typeof m.pid === 'number' && m.pid !== process.pid && alive(m.pid) ? m.pid : null;
  } catch {
    return null;
  }
}

/**
 * `run.sh --cleanup`: deletes the namespaces left by crashed runs: names `btc<5 hex>-{sw,cl,h<i>}`
 * whose run's marker names no live process (a live concurrent run is left alone). Processes still
 * inside them are killed by pid first. Returns lines to print.
 */
export function cleanupStale(): string[] {
  const { stale, live } = stalePrefixes(listNamespaces(), ownerOf);
  const out: string[] = [];
  for (const [prefix, pid] of live) out.push(`${prefix}: in use by a live run (pid ${pid}), left alone`);
  for (const [prefix, list] of stale) {
    const problems = list.map(removeNamespace).filter((x): x is string => x !== null);
    if (problems.length === 0) rmSync(path.join(MARKER_DIR, `${prefix}.json`), { force: true });
    out.push(`${prefix}: removed ${list.length - problems.length} of ${list.length} namespaces (${list.join(', ')})${problems.length ? `; ${problems.join('; ')}` : ''}`);
  }
  // Markers whose namespaces are all gone.
  if (existsSync(MARKER_DIR)) {
    for (const f of readdirSync(MARKER_DIR)) {
      const prefix = f.replace(/\.json$/, '');
      if (PREFIX_RE.test(prefix) && !live.has(prefix) && !stale.has(prefix) && ownerOf(prefix) === null) rmSync(path.join(MARKER_DIR, f), { force: true });
    }
  }
  if (out.length === 0) out.push('no stale chaos namespaces');
  return out;
}
