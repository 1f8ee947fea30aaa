// Every rule of src/api/validate_service.ts: a spec breaking it is refused with INVALID_ARGUMENT
// and a message naming the field and the rule; valid specs get their defaults filled in.
import { describe, expect, it } from 'vitest';
import { MAX_REPLICAS, MAX_SPEC_BYTES, normalizeServiceSpec } from '../../src/api/validate_service.js';
import type { ServiceSpec, ServiceSpec__Output } from '../../src/gen/baton/v1/ServiceSpec';
import { BatonError } from '../../src/manager/errors.js';
import { decode, encode } from '../../src/proto/load.js';

/** A valid spec in the decoded (server) shape, with `patch` applied to the input first. */
function spec(patch: (s: ServiceSpec) => void = () => {}): ServiceSpec__Output {
  const s: ServiceSpec = { name: 'web', task: { container: { image: 'nginx:1.27' } } };
  patch(s);
  return decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', s));
}

/** Runs the check; returns the INVALID_ARGUMENT message (fails if it passed or threw anything else). */
function refused(s: ServiceSpec__Output | null, bytes = 100): string {
  try {
    normalizeServiceSpec(s, bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(BatonError);
    expect((e as BatonError).code).toBe('INVALID_ARGUMENT');
    return (e as BatonError).message;
  }
  throw new Error('the spec was accepted; a refusal was expected');
}

const ok = (s: ServiceSpec__Output) => normalizeServiceSpec(s, 100);

describe('normalizeServiceSpec: the spec as a whole', () => {
  it('a missing spec is refused', () => {
    expect(refused(null)).toBe('spec: is required');
  });

  it(`a spec over ${MAX_SPEC_BYTES} bytes encoded is refused, naming the size`, () => {
    expect(refused(spec(), MAX_SPEC_BYTES + 1)).toBe(`spec: must be at most ${MAX_SPEC_BYTES} bytes encoded, got ${MAX_SPEC_BYTES + 1}`);
    expect(() => ok({ ...spec() })).not.toThrow();
    expect(() => normalizeServiceSpec(spec(), MAX_SPEC_BYTES)).not.toThrow();
  });
});

describe('names, namespaces, labels', () => {
  it.each([[''], ['Web'], ['web_1'], ['-web'], ['web-'], ['a'.repeat(64)], ['wéb']])('name %j is refused', (name) => {
    expect(refused(spec((s) => (s.name = name)))).toBe('spec.name: must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit');
  });

  it.each([['a'], ['web-1'], ['a'.repeat(63)], ['0x']])('name %j is accepted', (name) => {
    expect(ok(spec((s) => (s.name = name))).name).toBe(name);
  });

  it('an empty namespace becomes "default"; a malformed one is refused', () => {
    expect(ok(spec()).namespace).toBe('default');
    expect(ok(spec((s) => (s.namespace = 'team-a'))).namespace).toBe('team-a');
    expect(refused(spec((s) => (s.namespace = 'Team A')))).toBe('spec.namespace: must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit');
  });

  it('label keys: 1-63 characters, letters, digits and . _ / - inside', () => {
    expect(refused(spec((s) => (s.labels = { 'bad key': 'x' })))).toBe('spec.labels["bad key"]: a label key has 1-63 characters: letters, digits, and . _ / - inside');
    expect(refused(spec((s) => (s.labels = { '.dot': 'x' })))).toMatch(/^spec\.labels\["\.dot"\]: a label key/);
    expect(refused(spec((s) => (s.labels = { ['k'.repeat(64)]: 'x' })))).toMatch(/^spec\.labels\["k{64}"\]: a label key/);
    expect(ok(spec((s) => (s.labels = { 'baton.stack': 'shop', 'example.com/tier': 'front', a: '' }))).labels['example.com/tier']).toBe('front');
  });

  it('label values: at most 256 characters', () => {
    expect(refused(spec((s) => (s.labels = { tier: 'v'.repeat(257) })))).toBe('spec.labels["tier"]: a label value has at most 256 characters');
    expect(() => ok(spec((s) => (s.labels = { tier: 'v'.repeat(256) })))).not.toThrow();
  });
});

describe('mode', () => {
  it('no mode: replicated with 1 replica', () => {
    const s = ok(spec());
    expect(s.mode).toBe('replicated');
    expect(s.replicated).toEqual({ replicas: 1 });
  });

  it(`replicas above ${MAX_REPLICAS} are refused; 0 and ${MAX_REPLICAS} are accepted`, () => {
    expect(refused(spec((s) => (s.replicated = { replicas: MAX_REPLICAS + 1 })))).toBe(`spec.replicated.replicas: must be at most ${MAX_REPLICAS}, got ${MAX_REPLICAS + 1}`);
    // A negative number sent for a uint32 arrives as a huge one.
    expect(refused(spec((s) => (s.replicated = { replicas: -1 })))).toBe(`spec.replicated.replicas: must be at most ${MAX_REPLICAS}, got 4294967295`);
    expect(ok(spec((s) => (s.replicated = { replicas: 0 }))).replicated!.replicas).toBe(0);
    expect(ok(spec((s) => (s.replicated = { replicas: MAX_REPLICAS }))).replicated!.replicas).toBe(MAX_REPLICAS);
  });

  it('global mode is kept', () => {
    expect(ok(spec((s) => (s.global = {}))).mode).toBe('global');
  });
});

describe('task runtime', () => {
  it('a missing task is refused', () => {
    expect(refused(spec((s) => (s.task = null)))).toBe('spec.task: is required');
  });

  it('a task without a runtime is refused', () => {
    expect(refused(spec((s) => (s.task = { ports: [] })))).toBe('spec.task: set exactly one runtime: process or container');
  });

  it('process: the command must not be empty; env names are checked', () => {
    expect(refused(spec((s) => (s.task = { process: { command: '' } })))).toBe('spec.task.process.command: must not be empty');
    expect(refused(spec((s) => (s.task = { process: { command: '/bin/x', env: { '1X': 'a' } } })))).toBe(
      'spec.task.process.env["1X"]: an environment variable name is letters, digits and _, not starting with a digit',
    );
    expect(() => ok(spec((s) => (s.task = { process: { command: '/bin/x', env: { _A1: 'a' } } })))).not.toThrow();
  });

  it('container: the image must not be empty; env names are checked', () => {
    expect(refused(spec((s) => (s.task = { container: { image: '' } })))).toBe('spec.task.container.image: must not be empty');
    expect(refused(spec((s) => (s.task = { container: { image: 'x', env: { 'A-B': '1' } } })))).toMatch(/^spec\.task\.container\.env\["A-B"\]: an environment variable name/);
  });
});

describe('resources', () => {
  it('more than 1000 cores is refused, for reservations and limits', () => {
    expect(refused(spec((s) => (s.task!.reservations = { milliCpus: 1_000_001 })))).toBe('spec.task.reservations.milli_cpus: must be at most 1000000 (1000 cores)');
    expect(refused(spec((s) => (s.task!.limits = { milliCpus: 1_000_001 })))).toBe('spec.task.limits.milli_cpus: must be at most 1000000 (1000 cores)');
    expect(() => ok(spec((s) => (s.task!.limits = { milliCpus: 1_000_000 })))).not.toThrow();
  });

  it('reservations above limits are refused (a limit of 0 means none)', () => {
    expect(refused(spec((s) => ((s.task!.reservations = { milliCpus: 2000 }), (s.task!.limits = { milliCpus: 1000 }))))).toBe('spec.task.reservations.milli_cpus: must not exceed limits.milli_cpus');
    expect(refused(spec((s) => ((s.task!.reservations = { memoryBytes: 2 << 20 }), (s.task!.limits = { memoryBytes: 1 << 20 }))))).toBe(
      'spec.task.reservations.memory_bytes: must not exceed limits.memory_bytes',
    );
    expect(() => ok(spec((s) => ((s.task!.reservations = { milliCpus: 2000, memoryBytes: 5 }), (s.task!.limits = { milliCpus: 0, memoryBytes: 0 }))))).not.toThrow();
  });
});

describe('restart policy', () => {
  it('defaults to any, 5 s delay, no limit', () => {
    expect(ok(spec()).task!.restartPolicy).toEqual({ condition: 'RESTART_ANY', delayMs: 100, maxAttempts: 0, windowMs: 0 });
  });

  it('an unknown condition (sent as a number) is refused', () => {
    const s = spec();
    s.task!.restartPolicy = { condition: 7 as unknown as 'RESTART_ANY', delayMs: 0, maxAttempts: 0, windowMs: 0 };
    expect(refused(s)).toBe('spec.task.restart_policy.condition: must be one of RESTART_ANY, RESTART_ON_FAILURE, RESTART_NONE, got 7');
  });
});

describe('placement', () => {
  it.each([['node.labels.zone == east'], ['node.role != manager'], ['node.hostname==w1'], ['node.id == abc'], ['node.labels.example.com/rack != 3']])('constraint %j is accepted', (c) => {
    expect(() => ok(spec((s) => (s.task!.placement = { constraints: [c] })))).not.toThrow();
  });

  it.each([['zone == east'], ['node.labels.zone = east'], ['node.ip == 1.2.3.4'], ['node.role =='], ['']])('constraint %j is refused, naming its index', (c) => {
    expect(refused(spec((s) => (s.task!.placement = { constraints: ['node.role == worker', c] })))).toBe(
      `spec.task.placement.constraints[1]: "${c}" is not of the form node.labels.KEY|node.role|node.hostname|node.id ==|!= VALUE`,
    );
  });

  it('a spread preference must be a label key', () => {
    expect(refused(spec((s) => (s.task!.placement = { preferences: [{ spreadLabel: 'zone' }, { spreadLabel: 'no good' }] })))).toBe(
      'spec.task.placement.preferences[1].spread_label: must be a node label key',
    );
  });
});

describe('ports', () => {
  it('target port 1-65535', () => {
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 0 }])))).toBe('spec.task.ports[0].target_port: must be 1-65535, got 0');
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 80 }, { targetPort: 70000 }])))).toBe('spec.task.ports[1].target_port: must be 1-65535, got 70000');
  });

  it('published port 0-65535', () => {
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 80, publishedPort: 65536 }])))).toBe('spec.task.ports[0].published_port: must be 0-65535, got 65536');
  });

  it('an unknown protocol (sent as a number) is refused', () => {
    const s = spec((x) => (x.task!.ports = [{ targetPort: 80 }]));
    s.task!.ports[0]!.protocol = 9 as unknown as 'PORT_TCP';
    expect(refused(s)).toBe('spec.task.ports[0].protocol: must be one of PORT_TCP, PORT_UDP, got 9');
  });

  it('names: 1-15 lowercase letters, digits or -, unique', () => {
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 80, name: 'HTTP' }])))).toBe('spec.task.ports[0].name: must be 1-15 lowercase letters, digits or -');
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 80, name: 'web' }, { targetPort: 81, name: 'web' }])))).toBe('spec.task.ports[1].name: "web" is used by another port');
  });

  it('a published port is published once per protocol', () => {
    expect(refused(spec((s) => (s.task!.ports = [{ targetPort: 80, publishedPort: 8080 }, { targetPort: 81, publishedPort: 8080 }])))).toBe(
      'spec.task.ports[1].published_port: 8080/PORT_TCP is published twice',
    );
    expect(() => ok(spec((s) => (s.task!.ports = [{ targetPort: 53, publishedPort: 53 }, { targetPort: 53, publishedPort: 53, protocol: 'PORT_UDP' }])))).not.toThrow();
    expect(() => ok(spec((s) => (s.task!.ports = [{ targetPort: 80 }, { targetPort: 81 }])))).not.toThrow();
  });
});

describe('probes (liveness and readiness)', () => {
  it('exactly one check', () => {
    expect(refused(spec((s) => (s.task!.liveness = { periodMs: 1000 })))).toBe('spec.task.liveness: set exactly one of exec, http, tcp');
    expect(refused(spec((s) => (s.task!.readiness = { periodMs: 1000 })))).toBe('spec.task.readiness: set exactly one of exec, http, tcp');
  });

  it('exec: a command', () => {
    expect(refused(spec((s) => (s.task!.liveness = { exec: { command: [] } })))).toBe('spec.task.liveness.exec.command: must not be empty');
  });

  it('http: a port, and a path starting with /', () => {
    expect(refused(spec((s) => (s.task!.readiness = { http: { path: '/healthz', port: '' } })))).toBe('spec.task.readiness.http.port: must name a port (name or number)');
    expect(refused(spec((s) => (s.task!.readiness = { http: { path: 'healthz', port: 'web' } })))).toBe('spec.task.readiness.http.path: must start with /');
  });

  it('tcp: a port', () => {
    expect(refused(spec((s) => (s.task!.liveness = { tcp: { port: '' } })))).toBe('spec.task.liveness.tcp.port: must name a port (name or number)');
  });

  it('a probe port that is a name must name a declared port; a number (1-65535) is allowed', () => {
    const ports = [{ name: 'http', targetPort: 8080 }, { name: 'metrics', targetPort: 9090 }, { targetPort: 7000 }];
    expect(() => ok(spec((s) => ((s.task!.ports = ports), (s.task!.readiness = { http: { path: '/healthz', port: 'http' } }))))).not.toThrow();
    expect(() => ok(spec((s) => ((s.task!.ports = ports), (s.task!.liveness = { tcp: { port: 'metrics' } }))))).not.toThrow();
    expect(() => ok(spec((s) => (s.task!.readiness = { tcp: { port: '8080' } }))), 'a number no port declares: the port itself').not.toThrow();
    expect(refused(spec((s) => ((s.task!.ports = ports), (s.task!.readiness = { http: { path: '/healthz', port: 'web' } }))))).toBe(
      'spec.task.readiness.http.port: "web" names no declared port (declared names: http, metrics); give a declared port\'s name or a port number',
    );
    expect(refused(spec((s) => (s.task!.liveness = { tcp: { port: 'http' } })))).toBe(
      'spec.task.liveness.tcp.port: "http" names no declared port (no port of this task has a name); give a declared port\'s name or a port number',
    );
    expect(refused(spec((s) => (s.task!.liveness = { tcp: { port: '70000' } })))).toBe('spec.task.liveness.tcp.port: port 70000 is not in 1-65535');
    expect(refused(spec((s) => (s.task!.readiness = { http: { path: '/', port: '0' } })))).toBe('spec.task.readiness.http.port: port 0 is not in 1-65535');
  });

  it('defaults: every 10 s, 1 s timeout, 3 failures, 1 success; the timeout must not exceed the period', () => {
    const s = ok(spec((x) => (x.task!.liveness = { tcp: { port: '80' } })));
    expect(s.task!.liveness).toMatchObject({ periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 });
    expect(refused(spec((x) => (x.task!.liveness = { tcp: { port: '80' }, periodMs: 1000, timeoutMs: 2000 })))).toBe('spec.task.liveness.timeout_ms: must not exceed period_ms (1000)');
    expect(refused(spec((x) => (x.task!.readiness = { tcp: { port: '80' }, periodMs: 20, timeoutMs: 10 }))), 'expected a period under 50 ms refused, not raised silently').toBe('spec.task.readiness.period_ms: must be at least 50 ms, got 20');
    expect(refused(spec((x) => (x.task!.readiness = { tcp: { port: '80' }, timeoutMs: 20_000 })))).toBe('spec.task.readiness.timeout_ms: must not exceed period_ms (10000)');
  });
});

describe('update and rollback configs', () => {
  it('defaults: one at a time, stop-first, pause on failure, 5 s monitor; rollback copies update and pauses', () => {
    const s = ok(spec());
    expect(s.update).toEqual({ parallelism: 1, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 5000, maxFailureRatio: 0, canary: 0, autoPromote: false });
    expect(s.rollback).toEqual(s.update);
    const r = ok(spec((x) => (x.update = { parallelism: 3, delayMs: 10_000, failureAction: 'UPDATE_ROLLBACK' })));
    expect(r.rollback).toMatchObject({ parallelism: 3, delayMs: 10_000, failureAction: 'UPDATE_PAUSE' });
  });

  it.each([['update'], ['rollback']] as const)('%s: an unknown order or failure action (numbers) is refused', (which) => {
    const s = spec((x) => (x[which] = {}));
    s[which]!.order = 5 as unknown as 'UPDATE_STOP_FIRST';
    expect(refused(s)).toBe(`spec.${which}.order: must be one of UPDATE_STOP_FIRST, UPDATE_START_FIRST, got 5`);
    const t = spec((x) => (x[which] = {}));
    t[which]!.failureAction = 6 as unknown as 'UPDATE_PAUSE';
    expect(refused(t)).toBe(`spec.${which}.failure_action: must be one of UPDATE_PAUSE, UPDATE_CONTINUE, UPDATE_ROLLBACK, got 6`);
  });

  it.each([[-0.1], [1.5], [Number.NaN]])('max_failure_ratio %d is refused', (ratio) => {
    expect(refused(spec((x) => (x.update = { maxFailureRatio: ratio })))).toBe(`spec.update.max_failure_ratio: must be between 0 and 1, got ${ratio}`);
  });

  it('start-first with parallelism 0 (all at once: every task twice) is refused, for updates and rollbacks', () => {
    expect(refused(spec((x) => (x.update = { order: 'UPDATE_START_FIRST', parallelism: 0 })))).toBe(
      'spec.update.parallelism: must be at least 1 with order start-first (0 means all at once, which would run every task twice)',
    );
    expect(refused(spec((x) => (x.rollback = { order: 'UPDATE_START_FIRST', parallelism: 0 })))).toMatch(/^spec\.rollback\.parallelism: must be at least 1 with order start-first/);
    expect(ok(spec((x) => (x.update = { order: 'UPDATE_START_FIRST', parallelism: 1 }))).update!.order, 'expected start-first with parallelism 1 accepted').toBe('UPDATE_START_FIRST');
  });

  it('a rollback config cannot roll back or have a canary; a canary fits in the replicas of a replicated service', () => {
    expect(refused(spec((x) => (x.rollback = { failureAction: 'UPDATE_ROLLBACK' })))).toBe('spec.rollback.failure_action: a rollback cannot roll back: use pause or continue');
    expect(refused(spec((x) => (x.rollback = { canary: 1 })))).toBe('spec.rollback.canary: a rollback has no canary: must be 0');
    expect(refused(spec((x) => ((x.replicated = { replicas: 2 }), (x.update = { canary: 3 }))))).toBe('spec.update.canary: must not exceed spec.replicated.replicas (2), got 3');
    expect(refused(spec((x) => ((x.global = {}), (x.update = { canary: 1 }))))).toBe('spec.update.canary: canaries are for replicated services (a global service runs one task per node)');
    expect(refused(spec((x) => ((x.global = {}), (x.rebalance = 'REBALANCE_AUTO'))))).toBe('spec.rebalance: a global service runs one task per node: there is nothing to rebalance');
    expect(ok(spec((x) => ((x.replicated = { replicas: 3 }), (x.update = { canary: 1, autoPromote: true })))).update, 'expected a canary of 1 of 3 accepted').toMatchObject({ canary: 1, autoPromote: true });
  });

  it('the default rollback config copies the update config, pauses on failure and has no canary', () => {
    const s = ok(spec((x) => ((x.replicated = { replicas: 3 }), (x.update = { parallelism: 2, canary: 1, failureAction: 'UPDATE_ROLLBACK' }))));
    expect(s.rollback).toMatchObject({ parallelism: 2, canary: 0, autoPromote: false, failureAction: 'UPDATE_PAUSE' });
  });

  it('max_failure_ratio 0..1 is accepted', () => {
    expect(ok(spec((x) => (x.rollback = { maxFailureRatio: 1 }))).rollback!.maxFailureRatio).toBe(1);
  });
});

describe('the rules are checked in order and the first failure is reported', () => {
  it('name before task', () => {
    expect(refused(spec((s) => ((s.name = 'BAD'), (s.task = null))))).toMatch(/^spec\.name:/);
  });
});
