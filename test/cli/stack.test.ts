// Stack files: a valid file becomes one spec per service (named STACK-KEY, labeled
// baton.stack=STACK); a wrong file is refused as a whole, every problem naming its path.
import { describe, expect, it } from 'vitest';
import { normalizeServiceSpec } from '../../src/api/validate_service.js';
import { parseStackFile, StackFileError } from '../../src/cli/stack_commands.js';
import type { ServiceSpec, ServiceSpec__Output } from '../../src/gen/baton/v1/ServiceSpec';
import { decode, encode } from '../../src/proto/load.js';

const stored = (s: ServiceSpec) => normalizeServiceSpec(decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', s)), 0);

function problems(text: string, stack = 'shop'): string[] {
  try {
    parseStackFile(text, stack);
  } catch (e) {
    expect(e).toBeInstanceOf(StackFileError);
    return (e as StackFileError).problems;
  }
  throw new Error('the file was accepted');
}

const FULL = `
version: 1
services:
  web:
    image: nginx:1.27
    args: ["-g", "daemon off;"]
    env: { LOG_LEVEL: info, WORKERS: 4, DEBUG: false }
    replicas: 3
    ports: ["8080:80", 443, "53/udp", { target: 9090, published: 9191, protocol: tcp, name: metrics }]
    labels: { tier: front }
    constraints: ["node.labels.zone == east"]
    resources:
      reservations: { cpus: 0.5, memory: 256M }
      limits: { cpus: 1, memory: 1G }
    restart: { condition: on-failure, delay: 2s, max_attempts: 3, window: 1m }
    update: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.25 }
  worker:
    command: /usr/bin/worker
    args: [--queue, jobs, 5]
    env: ["A=1", "B=x=y"]
    mode: global
    restart: none
`;

describe('a valid stack file', () => {
  it('gives one spec per service, in file order, with every field', () => {
    const [web, worker] = parseStackFile(FULL, 'shop', 'prod').map(stored);
    expect(web!.name).toBe('shop-web');
    expect(web!.namespace).toBe('prod');
    expect(web!.labels).toEqual({ tier: 'front', 'baton.stack': 'shop' });
    expect(web!.replicated).toEqual({ replicas: 3 });
    expect(web!.task!.container).toEqual({ image: 'nginx:1.27', command: [], args: ['-g', 'daemon off;'], env: { LOG_LEVEL: 'info', WORKERS: '4', DEBUG: 'false' }, workdir: '' });
    expect(web!.task!.ports).toEqual([
      { name: '', protocol: 'PORT_TCP', targetPort: 80, publishedPort: 8080 },
      { name: '', protocol: 'PORT_TCP', targetPort: 443, publishedPort: 0 },
      { name: '', protocol: 'PORT_UDP', targetPort: 53, publishedPort: 0 },
      { name: 'metrics', protocol: 'PORT_TCP', targetPort: 9090, publishedPort: 9191 },
    ]);
    expect(web!.task!.placement!.constraints).toEqual(['node.labels.zone == east']);
    expect(web!.task!.reservations).toEqual({ milliCpus: 500, memoryBytes: 256 * 1024 ** 2 });
    expect(web!.task!.limits).toEqual({ milliCpus: 1000, memoryBytes: 1024 ** 3 });
    expect(web!.task!.restartPolicy).toEqual({ condition: 'RESTART_ON_FAILURE', delayMs: 2000, maxAttempts: 3, windowMs: 60_000 });
    expect(web!.update).toEqual({ parallelism: 2, delayMs: 10_000, order: 'UPDATE_START_FIRST', failureAction: 'UPDATE_ROLLBACK', monitorMs: 30_000, maxFailureRatio: 0.25, canary: 0, autoPromote: false });

    expect(worker!.name).toBe('shop-worker');
    expect(worker!.mode).toBe('global');
    expect(worker!.task!.process).toEqual({ command: '/usr/bin/worker', args: ['--queue', 'jobs', '5'], env: { A: '1', B: 'x=y' }, workdir: '' });
    expect(worker!.task!.restartPolicy!.condition).toBe('RESTART_NONE');
  });

  it('the smallest file: defaults (1 replica, namespace default)', () => {
    const [s] = parseStackFile('version: 1\nservices:\n  web:\n    image: nginx\n', 'a');
    expect(stored(s!)).toMatchObject({ name: 'a-web', namespace: 'default', replicated: { replicas: 1 } });
  });
});

describe('probes in a stack file', () => {
  it('readiness and liveness: http, tcp, exec (a list or a command line), durations and thresholds', () => {
    const [web, worker, cron] = parseStackFile(
      `
version: 1
services:
  web:
    command: node
    ports: [{ target: 8080, name: http }]
    readiness: { http: { port: http, path: /healthz }, period: 2s, timeout: 500ms, initial_delay: 1s, failure_threshold: 2, success_threshold: 2 }
    liveness: { tcp: { port: 8080 }, period: 10s, initial_delay: 5s }
  worker:
    command: worker
    liveness: { exec: [cat, /tmp/alive], timeout: 2s, failure_threshold: 5 }
  cron:
    command: cron
    readiness: { exec: "sh -c 'test -f /tmp/ready'", initial_delay: 0 }
`,
      'shop',
    ).map(stored);
    expect(web!.task!.readiness).toEqual({ check: 'http', http: { port: 'http', path: '/healthz' }, initialDelayMs: 1_000, periodMs: 2_000, timeoutMs: 500, failureThreshold: 2, successThreshold: 2 });
    expect(web!.task!.liveness).toEqual({ check: 'tcp', tcp: { port: '8080' }, initialDelayMs: 5_000, periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 });
    expect(worker!.task!.liveness).toEqual({ check: 'exec', exec: { command: ['cat', '/tmp/alive'] }, initialDelayMs: 0, periodMs: 10_000, timeoutMs: 2_000, failureThreshold: 5, successThreshold: 1 });
    expect(worker!.task!.readiness ?? null).toBeNull();
    expect(cron!.task!.readiness!.exec!.command).toEqual(['sh', '-c', 'test -f /tmp/ready']);
  });

  it('an http probe without a path probes /', () => {
    const [s] = parseStackFile('version: 1\nservices:\n  web:\n    command: x\n    readiness: { http: { port: 8080 } }\n', 'a');
    expect(s!.task!.readiness!.http).toEqual({ port: '8080', path: '/' });
  });

  it('wrong probes name their path: explicit zeros, timeout over period, checks, ports, unknown keys', () => {
    const p = problems(`
version: 1
services:
  zeros:
    command: x
    readiness: { tcp: { port: 80 }, period: 0, timeout: "0s", failure_threshold: 0, success_threshold: 0 }
  slow:
    command: x
    readiness: { tcp: { port: 80 }, timeout: 20s }
  short:
    command: x
    liveness: { tcp: { port: 80 }, period: 2s, timeout: 3s }
  checks:
    command: x
    readiness: { http: { port: 80 }, tcp: { port: 80 } }
    liveness: { period: 1s }
  ports:
    command: x
    readiness: { http: { port: 0, path: healthz } }
    liveness: { tcp: { port: Web_1 } }
  misc:
    command: x
    readiness: { exec: [], periods: 1s, period: 2 }
    liveness: { exec: "test -f /a && true", success_threshold: 2, failure_threshold: -1 }
  nocheck:
    command: x
    readiness: { http: { path: /x }, tcp: {} }
`);
    expect(p).toEqual([
      'services.zeros.readiness.period: must be at least 1ms (0 cannot be told from unset: the managers would use the default, 10s)',
      'services.zeros.readiness.timeout: must be at least 1ms (0 cannot be told from unset: the managers would use the default, 1s)',
      'services.zeros.readiness.failure_threshold: must be at least 1 (0 cannot be told from unset: the managers would use the default, 3)',
      'services.zeros.readiness.success_threshold: must be at least 1 (0 cannot be told from unset: the managers would use the default, 1)',
      'services.slow.readiness.timeout: must not exceed the period (10s, the default), got 20s',
      'services.short.liveness.timeout: must not exceed the period (2s), got 3s',
      'services.checks.readiness: give exactly one check: http: { port, path }, tcp: { port } or exec: [command, args...] (got http, tcp)',
      'services.checks.liveness: give exactly one check: http: { port, path }, tcp: { port } or exec: [command, args...]',
      'services.ports.readiness.http.port: port 0 is not in 1-65535',
      'services.ports.readiness.http.path: must start with / and hold no blanks (for example /healthz), got "healthz"',
      `services.ports.liveness.tcp.port: "Web_1" is not a port number (1-65535) or a declared port's name (1-15 lowercase letters, digits or -)`,
      'services.misc.readiness.periods: unknown key (expected one of: http, tcp, exec, period, timeout, initial_delay, failure_threshold, success_threshold)',
      'services.misc.readiness.exec: must not be empty (a command and its arguments, for example [cat, /tmp/ready])',
      'services.misc.readiness.period: must be a duration such as 2s or 500ms, got 2',
      `services.misc.liveness.exec: "test -f /a && true" uses shell syntax (&) but no shell runs the command: wrap it in a shell, for example "sh -c 'test -f /a && true'"`,
      'services.misc.liveness.failure_threshold: must be an integer from 1 to 4294967295, got -1',
      'services.misc.liveness.success_threshold: a liveness probe has none: the task is stopped when the probe fails, it never passes again (remove it)',
      "services.nocheck.readiness: give exactly one check: http: { port, path }, tcp: { port } or exec: [command, args...] (got http, tcp)",
      "services.nocheck.readiness.http.port: is required (a port number or a declared port's name)",
      "services.nocheck.readiness.tcp.port: is required (a port number or a declared port's name)",
    ]);
  });

  it("a probe port name no port declares is refused by the managers' rule, under the service's path", () => {
    expect(problems('version: 1\nservices:\n  web:\n    command: x\n    ports: [{ target: 80, name: web }]\n    readiness: { http: { port: http, path: /healthz } }\n')).toEqual([
      `services.web: spec.task.readiness.http.port: "http" names no declared port (declared names: web); give a declared port's name or a port number`,
    ]);
  });
});

describe('a wrong stack file is refused whole, naming every problem', () => {
  it('an unknown key names its path', () => {
    expect(problems('version: 1\nservices:\n  web:\n    image: nginx\n    replcas: 2\n')).toEqual([
      'services.web.replcas: unknown key (expected one of: image, command, args, env, replicas, mode, ports, labels, constraints, resources, restart, update, readiness, liveness)',
    ]);
  });

  it('unknown keys at every level', () => {
    const p = problems(`
version: 1
servces: {}
services:
  web:
    image: nginx
    resources: { reservations: { cpu: 1 }, limit: {} }
    restart: { when: always }
    update: { paralelism: 2 }
    ports: [{ target: 80, host: 8080 }]
`);
    expect(p).toEqual([
      '(top).servces: unknown key (expected one of: version, services)',
      'services.web.ports[0].host: unknown key (expected one of: target, published, protocol, name)',
      'services.web.resources.limit: unknown key (expected one of: reservations, limits)',
      'services.web.resources.reservations.cpu: unknown key (expected one of: cpus, memory)',
      'services.web.restart.when: unknown key (expected one of: condition, delay, max_attempts, window)',
      'services.web.update.paralelism: unknown key (expected one of: parallelism, delay, order, failure_action, monitor, max_failure_ratio, canary, auto_promote)',
    ]);
  });

  it('version and services are required; version must be 1', () => {
    expect(problems('services:\n  web: { image: x }\n')).toEqual(['version: is required (version: 1)']);
    expect(problems('version: 2\nservices:\n  web: { image: x }\n')).toEqual(['version: must be 1, got 2']);
    expect(problems('version: 1\n')).toEqual(['services: is required']);
    expect(problems('version: 1\nservices: {}\n')).toEqual(['services: must name at least one service']);
    expect(problems('version: 1\nservices: [web]\n')).toEqual(['services: must be a mapping of service names to services']);
    expect(problems('- a\n- b\n')).toEqual(['the file must be a mapping with version: 1 and services']);
  });

  it('wrong values name their path and what was expected', () => {
    const p = problems(`
version: 1
services:
  web:
    image: ""
    replicas: -1
    ports: ["80:x", { target: 0 }]
    env: "A=1"
    labels: [a]
    constraints: "node.role == worker"
    resources: { reservations: { cpus: lots, memory: 12Q } }
    restart: { condition: always, delay: 10 }
    update: { order: random, failure_action: panic, max_failure_ratio: 2, delay: soon }
  api:
    command: [/bin/api, --port]
  both:
    image: x
    command: y
  neither:
    replicas: 1
  glob:
    image: x
    mode: global
    replicas: 2
  modal:
    image: x
    mode: sometimes
`);
    expect(p).toEqual([
      'services.web.labels: must be a mapping',
      'services.web.replicas: must be an integer from 0 to 4294967295, got -1',
      'services.web.env: must be a mapping (NAME: value) or a list of NAME=VALUE',
      'services.web.image: must not be empty',
      'services.web.ports[0]: "80:x" must be [NAME=][PUBLISHED:]TARGET[/udp] (examples: 80, 8080:80, 53:53/udp, http=8080:80)',
      'services.web.ports[1].target: must be an integer from 1 to 65535, got 0',
      'services.web.constraints: must be a list',
      'services.web.resources.reservations.cpus: "lots" is not a number of CPUs (examples: 0.5, 2)',
      'services.web.resources.reservations.memory: "12Q" is not a size (examples: 512K, 256M, 1.5G; units are powers of 1024)',
      'services.web.restart.condition: must be one of any, on-failure, none, got "always"',
      'services.web.restart.delay: must be a duration such as 10s or 500ms, got 10',
      'services.web.update.delay: "soon" is not a duration (examples: 500ms, 10s, 1m30s, 2h)',
      'services.web.update.order: must be one of stop-first, start-first, got "random"',
      'services.web.update.failure_action: must be one of pause, continue, rollback, got "panic"',
      'services.web.update.max_failure_ratio: must be a number from 0 to 1, got 2',
      'services.api.command: must be a string: the program (its arguments go in args)',
      'services.both: give exactly one of image (a container) and command (a process)',
      'services.neither: give exactly one of image (a container) and command (a process)',
      'services.glob.replicas: a global service runs one task per node: remove replicas or mode',
      'services.modal.mode: must be one of replicated, global, got "sometimes"',
    ]);
  });

  it("the managers' own rules are checked too, under the service's path", () => {
    expect(problems('version: 1\nservices:\n  web:\n    image: x\n    constraints: ["zone == east"]\n')).toEqual([
      'services.web: spec.task.placement.constraints[0]: "zone == east" is not of the form node.labels.KEY|node.role|node.hostname|node.id ==|!= VALUE',
    ]);
    expect(problems('version: 1\nservices:\n  web:\n    image: x\n    env: { 1BAD: x }\n')).toEqual([
      'services.web: spec.task.container.env["1BAD"]: an environment variable name is letters, digits and _, not starting with a digit',
    ]);
    expect(problems('version: 1\nservices:\n  web:\n    image: x\n    resources: { reservations: { cpus: 2 }, limits: { cpus: 1 } }\n')).toEqual([
      'services.web: spec.task.reservations.milli_cpus: must not exceed limits.milli_cpus',
    ]);
    expect(problems('version: 1\nservices:\n  web:\n    image: x\n    replicas: 20000\n')).toEqual(['services.web: spec.replicated.replicas: must be at most 10000, got 20000']);
  });

  it('service keys and the stack name must make valid service names; baton.stack is reserved', () => {
    expect(problems('version: 1\nservices:\n  Web_1:\n    image: x\n')).toEqual(['services.Web_1: a service key is lowercase letters, digits and -, starting and ending with a letter or digit']);
    expect(problems(`version: 1\nservices:\n  ${'a'.repeat(60)}:\n    image: x\n`)).toEqual([`services.${'a'.repeat(60)}: the service name "shop-${'a'.repeat(60)}" (stack-key) must be at most 63 characters`]);
    expect(problems('version: 1\nservices:\n  web:\n    image: x\n    labels: { baton.stack: other }\n')).toEqual(['services.web.labels.baton.stack: is set by baton to the stack name']);
    expect(problems('version: 1\nservices:\n  web: { image: x }\n', 'My Stack')).toEqual(['stack name "My Stack": must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit']);
  });

  it('YAML syntax errors and duplicate keys give the line', () => {
    const p = problems('version: 1\nservices:\n  web:\n    image: x\n    image: y\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^line 5, column 5: Map keys must be unique/);
    expect(problems('version: 1\nservices: [\n')[0]).toMatch(/^line \d+, column \d+: /);
  });
});
