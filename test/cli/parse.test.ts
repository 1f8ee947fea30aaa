// What users type, parsed: durations, sizes, CPUs, K=V, published ports, and the service flags
// turned into a ServiceSpec (create) or applied to one (update). Also the convergence tracker
// that `service create/update` waits with.
import { describe, expect, it } from 'vitest';
import { normalizeServiceSpec } from '../../src/api/validate_service.js';
import { Convergence } from '../../src/cli/service_commands.js';
import { applyServiceFlags, checkProbeFlags, formatDuration, parseCommandLine, parseCpus, parseDuration, parseHttpProbe, parseKeyValue, parseProbePort, parsePublish, parseSize, type ServiceFlags } from '../../src/cli/parse.js';
import { UsageError } from '../../src/cli/util.js';
import type { Service__Output } from '../../src/gen/baton/v1/Service';
import type { ServiceSpec, ServiceSpec__Output } from '../../src/gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { decode, encode } from '../../src/proto/load.js';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no UsageError');
}

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0', 0],
    ['0s', 0],
  ])('%s = %d ms', (v, ms) => {
    expect(parseDuration('--update-delay', v)).toBe(ms);
  });

  it('a bare number needs a unit, named in the error', () => {
    expect(usage(() => parseDuration('--update-delay', '10'))).toBe('--update-delay: "10" needs a unit: ms, s, m or h (for example 10s)');
  });

  it.each([['ten seconds'], ['10x'], ['-1s'], ['s'], [''], ['10 s']])('%j is refused with examples', (v) => {
    expect(usage(() => parseDuration('--update-delay', v))).toBe(`--update-delay: "${v}" is not a duration (examples: 500ms, 10s, 1m30s, 2h)`);
  });
});

describe('sizes (powers of 1024)', () => {
  it.each([
    ['256M', 256 * 1024 ** 2],
    ['256m', 256 * 1024 ** 2],
    ['256MB', 256 * 1024 ** 2],
    ['256Mi', 256 * 1024 ** 2],
    ['256MiB', 256 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1.5G', 1.5 * 1024 ** 3],
    ['512K', 512 * 1024],
    ['2T', 2 * 1024 ** 4],
    ['1000', 1000],
    ['1000B', 1000],
  ])('%s = %d bytes', (v, n) => {
    expect(parseSize('--reserve-memory', v)).toBe(n);
  });

  it.each([['12Q'], ['M'], ['-1M'], ['1 GB x'], ['']])('%j is refused with examples', (v) => {
    expect(usage(() => parseSize('--limit-memory', v))).toBe(`--limit-memory: "${v}" is not a size (examples: 512K, 256M, 1.5G; units are powers of 1024)`);
  });
});

describe('CPUs', () => {
  it('in thousandths', () => {
    expect(parseCpus('--reserve-cpu', '0.5')).toBe(500);
    expect(parseCpus('--reserve-cpu', '2')).toBe(2000);
    expect(parseCpus('--reserve-cpu', '0.001')).toBe(1);
    expect(parseCpus('--reserve-cpu', '0')).toBe(0);
  });

  it('refuses non-numbers and amounts below 0.001', () => {
    expect(usage(() => parseCpus('--limit-cpu', 'half'))).toBe('--limit-cpu: "half" is not a number of CPUs (examples: 0.5, 2)');
    expect(usage(() => parseCpus('--limit-cpu', '-1'))).toMatch(/is not a number of CPUs/);
    expect(usage(() => parseCpus('--limit-cpu', '0.0001'))).toBe('--limit-cpu: "0.0001" is below the smallest amount, 0.001 CPU');
  });
});

describe('K=V and ports', () => {
  it('K=V: the value may hold "="; an empty key or no "=" is refused', () => {
    expect(parseKeyValue('--env', 'A=b=c')).toEqual(['A', 'b=c']);
    expect(parseKeyValue('--env', 'A=')).toEqual(['A', '']);
    expect(usage(() => parseKeyValue('--env', 'A'))).toBe('--env: "A" must be KEY=VALUE');
    expect(usage(() => parseKeyValue('--env', '=x'))).toBe('--env: "=x" has an empty key (KEY=VALUE)');
    expect(parseKeyValue('--label', 'canary', true)).toEqual(['canary', '']);
  });

  it('[NAME=][PUB:]TARGET[/udp]', () => {
    expect(parsePublish('--publish', '80')).toEqual({ targetPort: 80, publishedPort: 0, protocol: 'PORT_TCP', name: '' });
    expect(parsePublish('--publish', '8080:80')).toEqual({ targetPort: 80, publishedPort: 8080, protocol: 'PORT_TCP', name: '' });
    expect(parsePublish('--publish', '53:53/udp')).toMatchObject({ targetPort: 53, publishedPort: 53, protocol: 'PORT_UDP' });
    expect(parsePublish('--publish', '443/tcp')).toMatchObject({ targetPort: 443, protocol: 'PORT_TCP' });
    expect(parsePublish('--publish', 'http=8080:80'), 'a named port').toEqual({ targetPort: 80, publishedPort: 8080, protocol: 'PORT_TCP', name: 'http' });
    expect(parsePublish('--publish', 'dns=53/udp')).toMatchObject({ targetPort: 53, publishedPort: 0, protocol: 'PORT_UDP', name: 'dns' });
    expect(usage(() => parsePublish('--publish', 'HTTP=80')), 'expected an uppercase name refused').toBe('--publish: port name "HTTP" must be 1-15 lowercase letters, digits or -');
    expect(usage(() => parsePublish('--publish', '=80'))).toBe('--publish: port name "" must be 1-15 lowercase letters, digits or -');
    expect(usage(() => parsePublish('--publish', '80:http'))).toBe('--publish: "80:http" must be [NAME=][PUBLISHED:]TARGET[/udp] (examples: 80, 8080:80, 53:53/udp, http=8080:80)');
    expect(usage(() => parsePublish('--publish', '80/sctp'))).toMatch(/must be \[NAME=\]\[PUBLISHED:\]TARGET/);
    expect(usage(() => parsePublish('--publish', '70000'))).toBe('--publish: target port 70000 is not in 1-65535');
    expect(usage(() => parsePublish('--publish', '0:80'))).toBe('--publish: published port 0 is not in 1-65535');
  });
});

/** What the server would store for a spec (its defaults filled in). */
function stored(s: ServiceSpec): ServiceSpec__Output {
  return normalizeServiceSpec(decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', s)), 0);
}

describe('service flags -> spec (create)', () => {
  it('every flag lands in its field', () => {
    const f: ServiceFlags = {
      replicas: '3',
      image: 'nginx:1.27',
      arg: ['-g', 'daemon off;'],
      env: ['A=1', 'B=x=y'],
      label: ['tier=front', 'canary'],
      constraint: ['node.labels.zone == east'],
      publish: ['8080:80', '53/udp'],
      reserveCpu: '0.5',
      reserveMemory: '256M',
      limitCpu: '1',
      limitMemory: '1G',
      restartCondition: 'on-failure',
      updateParallelism: '2',
      updateDelay: '10s',
      updateOrder: 'start-first',
      updateFailureAction: 'rollback',
      namespace: 'shop',
    };
    const s = stored(applyServiceFlags('web', f, null));
    expect(s.name).toBe('web');
    expect(s.namespace).toBe('shop');
    expect(s.labels).toEqual({ tier: 'front', canary: '' });
    expect(s.mode).toBe('replicated');
    expect(s.replicated).toEqual({ replicas: 3 });
    expect(s.task!.runtime).toBe('container');
    expect(s.task!.container).toEqual({ image: 'nginx:1.27', command: [], args: ['-g', 'daemon off;'], env: { A: '1', B: 'x=y' }, workdir: '' });
    expect(s.task!.placement!.constraints).toEqual(['node.labels.zone == east']);
    expect(s.task!.ports).toEqual([
      { name: '', protocol: 'PORT_TCP', targetPort: 80, publishedPort: 8080 },
      { name: '', protocol: 'PORT_UDP', targetPort: 53, publishedPort: 0 },
    ]);
    expect(s.task!.reservations).toEqual({ milliCpus: 500, memoryBytes: 256 * 1024 ** 2 });
    expect(s.task!.limits).toEqual({ milliCpus: 1000, memoryBytes: 1024 ** 3 });
    expect(s.task!.restartPolicy).toEqual({ condition: 'RESTART_ON_FAILURE', delayMs: 100, maxAttempts: 0, windowMs: 0 });
    expect(s.update).toEqual({ parallelism: 2, delayMs: 10_000, order: 'UPDATE_START_FIRST', failureAction: 'UPDATE_ROLLBACK', monitorMs: 5000, maxFailureRatio: 0, canary: 0, autoPromote: false });
  });

  it('--command makes a process; --global a global service; defaults: 1 replica', () => {
    const p = stored(applyServiceFlags('api', { command: '/usr/bin/api', arg: ['--port', '9000'], env: ['X=1'] }, null));
    expect(p.task!.runtime).toBe('process');
    expect(p.task!.process).toEqual({ command: '/usr/bin/api', args: ['--port', '9000'], env: { X: '1' }, workdir: '' });
    expect(p.replicated).toEqual({ replicas: 1 });
    const g = stored(applyServiceFlags('agent', { image: 'agent', global: true }, null));
    expect(g.mode).toBe('global');
  });

  it('usage errors name the flag', () => {
    expect(usage(() => applyServiceFlags('x', {}, null))).toBe('give --image IMAGE (a container) or --command CMD (a process)');
    expect(usage(() => applyServiceFlags('x', { image: 'a', command: 'b' }, null))).toMatch(/^--image and --command: give one, not both/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', replicas: '2', global: true }, null))).toBe('--replicas and --global: give one, not both');
    expect(usage(() => applyServiceFlags('x', { image: 'a', replicas: '-1' }, null))).toBe('--replicas: must be an integer from 0 to 4294967295, got "-1"');
    expect(usage(() => applyServiceFlags('x', { image: 'a', replicas: 'three' }, null))).toMatch(/^--replicas: must be an integer/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateDelay: '10' }, null))).toMatch(/^--update-delay: "10" needs a unit/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', reserveMemory: 'lots' }, null))).toMatch(/^--reserve-memory: "lots" is not a size/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', restartCondition: 'always' }, null))).toBe('--restart-condition: must be one of any, on-failure, none, got "always"');
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateOrder: 'random' }, null))).toMatch(/^--update-order: must be one of stop-first, start-first/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateFailureAction: 'panic' }, null))).toMatch(/^--update-failure-action: must be one of pause, continue, rollback/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', env: ['NOVALUE'] }, null))).toBe('--env: "NOVALUE" must be KEY=VALUE');
    expect(usage(() => applyServiceFlags('x', { image: ' ' }, null))).toBe('--image: must not be empty');
  });
});

describe('update, rollback and rebalance flags', () => {
  it('every update and rollback flag lands in its field; the rollback config starts from the update config', () => {
    const s = stored(
      applyServiceFlags('web', {
        image: 'nginx',
        replicas: '4',
        updateParallelism: '2',
        updateMonitor: '2s',
        updateMaxFailureRatio: '0.25',
        updateCanary: '1',
        updateAutoPromote: true,
        rollbackParallelism: '3',
        rollbackDelay: '500ms',
        rollbackOrder: 'start-first',
        rollbackFailureAction: 'continue',
        rollbackMonitor: '1s',
        rollbackMaxFailureRatio: '0.5',
        rebalance: 'auto',
      }, null),
    );
    expect(s.update).toEqual({ parallelism: 2, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 2_000, maxFailureRatio: 0.25, canary: 1, autoPromote: true });
    expect(s.rollback).toEqual({ parallelism: 3, delayMs: 500, order: 'UPDATE_START_FIRST', failureAction: 'UPDATE_CONTINUE', monitorMs: 1_000, maxFailureRatio: 0.5, canary: 0, autoPromote: false });
    expect(s.rebalance).toBe('REBALANCE_AUTO');
  });

  it('bad values are usage errors naming the flag, before anything is sent', () => {
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateOrder: 'start-first', updateParallelism: '0' }, null))).toBe(
      '--update-parallelism: must be at least 1 with --update-order start-first (0 means all at once)',
    );
    expect(usage(() => applyServiceFlags('x', { image: 'a', rollbackOrder: 'start-first', rollbackParallelism: '0' }, null))).toMatch(/^--rollback-parallelism: must be at least 1/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateMaxFailureRatio: '2' }, null))).toBe('--update-max-failure-ratio: "2" must be a number between 0 and 1 (for example 0.2)');
    expect(usage(() => applyServiceFlags('x', { image: 'a', rollbackFailureAction: 'rollback' }, null))).toBe('--rollback-failure-action: a rollback cannot roll back: use pause or continue');
    expect(usage(() => applyServiceFlags('x', { image: 'a', updateMonitor: '5' }, null))).toMatch(/^--update-monitor: "5" needs a unit/);
    expect(usage(() => applyServiceFlags('x', { image: 'a', rebalance: 'sometimes' }, null))).toMatch(/^--rebalance: must be one of manual, auto/);
  });
});

describe('service flags applied to a current spec (update)', () => {
  const base = stored(
    applyServiceFlags('web', { image: 'nginx:1.26', replicas: '3', env: ['A=1', 'B=2'], label: ['tier=front'], arg: ['x'], publish: ['80'], constraint: ['node.role == worker'], updateDelay: '5s' }, null),
  );

  it('keeps everything no flag names', () => {
    const s = stored(applyServiceFlags('web', {}, base));
    expect(s).toEqual(base);
  });

  it('maps are merged (and --env-rm/--label-rm remove), lists replaced, scalars set', () => {
    const s = stored(applyServiceFlags('web', { image: 'nginx:1.27', env: ['B=3', 'C=4'], envRm: ['A'], label: ['canary=yes'], labelRm: ['tier'], arg: ['y', 'z'], publish: ['8080:80'], replicas: '5', updateOrder: 'start-first' }, base));
    expect(s.task!.container!.image).toBe('nginx:1.27');
    expect(s.task!.container!.env).toEqual({ B: '3', C: '4' });
    expect(s.task!.container!.args).toEqual(['y', 'z']);
    expect(s.labels).toEqual({ canary: 'yes' });
    expect(s.task!.ports.map((p) => p.publishedPort)).toEqual([8080]);
    expect(s.task!.placement!.constraints, 'not named: kept').toEqual(['node.role == worker']);
    expect(s.replicated!.replicas).toBe(5);
    expect(s.update!.order).toBe('UPDATE_START_FIRST');
    expect(s.update!.delayMs, 'not named: kept').toBe(5000);
    expect(base.task!.container!.env, 'the current spec is not modified').toEqual({ A: '1', B: '2' });
  });

  it('--global and --replicas switch the mode; --command switches to a process keeping args and env', () => {
    const g = stored(applyServiceFlags('web', { global: true }, base));
    expect(g.mode).toBe('global');
    expect(g.replicated ?? null).toBeNull();
    const r = stored(applyServiceFlags('web', { replicas: '2' }, g));
    expect(r.mode).toBe('replicated');
    expect(r.replicated!.replicas).toBe(2);
    const p = stored(applyServiceFlags('web', { command: '/bin/web' }, base));
    expect(p.task!.runtime).toBe('process');
    expect(p.task!.process).toMatchObject({ command: '/bin/web', args: ['x'], env: { A: '1', B: '2' } });
  });
});

describe('probe values', () => {
  it('PORT[:/PATH]: a number or a port name, then a path starting with /', () => {
    expect(parseHttpProbe('--readiness-http', '8080:/healthz')).toEqual({ port: '8080', path: '/healthz' });
    expect(parseHttpProbe('--readiness-http', 'http:/ready?full=1')).toEqual({ port: 'http', path: '/ready?full=1' });
    expect(parseHttpProbe('--readiness-http', '8080'), 'no path: /').toEqual({ port: '8080', path: '/' });
    for (const bad of ['/healthz', ':/healthz', '8080:healthz', '8080:/a b', '']) {
      expect(usage(() => parseHttpProbe('--readiness-http', bad)), bad).toBe(`--readiness-http: "${bad}" must be PORT[:/PATH] (examples: 8080:/healthz, http:/ready; PORT is a port number or a declared port's name)`);
    }
    expect(usage(() => parseHttpProbe('--liveness-http', '70000:/x'))).toBe('--liveness-http: port 70000 is not in 1-65535');
    expect(usage(() => parseProbePort('--readiness-tcp', '0'))).toBe('--readiness-tcp: port 0 is not in 1-65535');
    expect(usage(() => parseProbePort('--readiness-tcp', 'Web_Port'))).toBe(`--readiness-tcp: "Web_Port" is not a port number (1-65535) or a declared port's name (1-15 lowercase letters, digits or -)`);
    expect(parseProbePort('--readiness-tcp', '0080'), 'a number is normalized').toBe('80');
  });

  it('a command line is split like a shell splits it, without running a shell', () => {
    expect(parseCommandLine('--readiness-exec', 'cat /tmp/ready')).toEqual(['cat', '/tmp/ready']);
    expect(parseCommandLine('--readiness-exec', `  sh -c 'test -f /a && test -s /a'  `)).toEqual(['sh', '-c', 'test -f /a && test -s /a']);
    expect(parseCommandLine('--readiness-exec', String.raw`echo "a \"b\" c" d\ e '' x""y`)).toEqual(['echo', 'a "b" c', 'd e', '', 'xy']);
    expect(usage(() => parseCommandLine('--liveness-exec', 'test -f /a && echo'))).toBe(
      `--liveness-exec: "test -f /a && echo" uses shell syntax (&) but no shell runs the command: wrap it in a shell, for example "sh -c 'test -f /a && echo'"`,
    );
    expect(usage(() => parseCommandLine('--liveness-exec', 'echo $HOME'))).toMatch(/uses shell syntax \(\$\)/);
    expect(usage(() => parseCommandLine('--liveness-exec', `sh -c 'oops`))).toBe(`--liveness-exec: "sh -c 'oops" has an unterminated ' quote`);
    expect(usage(() => parseCommandLine('--liveness-exec', '  '))).toBe('--liveness-exec: must not be empty (a command and its arguments, for example "cat /tmp/ready")');
  });

  it('durations in messages', () => {
    expect([0, 1, 500, 1_000, 1_500, 90_000, 3_600_000].map(formatDuration)).toEqual(['0s', '1ms', '500ms', '1s', '1s500ms', '1m30s', '1h']);
  });
});

describe('probe flags (create and update)', () => {
  const base = stored(applyServiceFlags('web', { command: 'node', arg: ['server.mjs'], publish: ['8080'] }, null));

  it('every readiness and liveness flag lands in its field', () => {
    const s = stored(
      applyServiceFlags('web', {
        command: 'node',
        publish: ['8080'],
        readinessHttp: '8080:/healthz',
        readinessPeriod: '2s',
        readinessTimeout: '500ms',
        readinessInitialDelay: '1s',
        readinessFailures: '4',
        readinessSuccesses: '2',
        livenessExec: `sh -c 'test -f /tmp/alive'`,
        livenessPeriod: '5s',
        livenessTimeout: '2s',
        livenessInitialDelay: '10s',
        livenessFailures: '6',
      }, null),
    );
    expect(s.task!.readiness).toEqual({ check: 'http', http: { port: '8080', path: '/healthz' }, initialDelayMs: 1_000, periodMs: 2_000, timeoutMs: 500, failureThreshold: 4, successThreshold: 2 });
    expect(s.task!.liveness).toEqual({ check: 'exec', exec: { command: ['sh', '-c', 'test -f /tmp/alive'] }, initialDelayMs: 10_000, periodMs: 5_000, timeoutMs: 2_000, failureThreshold: 6, successThreshold: 1 });
  });

  it('a check alone gets the defaults (10s, 1s, 3, 1); tcp', () => {
    const s = stored(applyServiceFlags('web', { command: 'node', readinessTcp: '8080' }, null));
    expect(s.task!.readiness).toEqual({ check: 'tcp', tcp: { port: '8080' }, initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 });
    expect(s.task!.liveness ?? null, 'no liveness flag: no liveness probe').toBeNull();
  });

  it('update: timing flags change the current probe; a new check keeps the timing; --no-* removes it; no flag keeps it', () => {
    const withProbe = stored(applyServiceFlags('web', { readinessHttp: '8080:/healthz', readinessPeriod: '2s', livenessTcp: '8080' }, base));
    expect(stored(applyServiceFlags('web', {}, withProbe)), 'no flag: unchanged').toEqual(withProbe);
    const slower = stored(applyServiceFlags('web', { readinessPeriod: '5s', readinessFailures: '1' }, withProbe));
    expect(slower.task!.readiness).toMatchObject({ http: { port: '8080', path: '/healthz' }, periodMs: 5_000, failureThreshold: 1, timeoutMs: 1_000 });
    const tcp = stored(applyServiceFlags('web', { readinessTcp: '8080' }, withProbe));
    expect(tcp.task!.readiness).toEqual({ check: 'tcp', tcp: { port: '8080' }, initialDelayMs: 0, periodMs: 2_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 });
    const none = stored(applyServiceFlags('web', { readiness: false }, withProbe));
    expect(none.task!.readiness ?? null).toBeNull();
    expect(none.task!.liveness, 'the other probe is kept').toEqual(withProbe.task!.liveness);
    expect(stored(applyServiceFlags('web', { liveness: false, readiness: false }, withProbe)).task!.liveness ?? null).toBeNull();
    expect(withProbe.task!.readiness!.periodMs, 'the current spec is not modified').toBe(2_000);
  });

  it('an explicit 0 period, timeout or threshold is refused (the API reads 0 as unset)', () => {
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessPeriod: '0' }, null))).toBe(
      '--readiness-period: must be at least 1ms (0 cannot be told from unset: the managers would use the default, 10s)',
    );
    expect(usage(() => applyServiceFlags('x', { command: 'a', livenessTcp: '80', livenessPeriod: '0ms' }, null))).toMatch(/^--liveness-period: must be at least 1ms/);
    expect(usage(() => applyServiceFlags('x', { command: 'a', livenessTcp: '80', livenessTimeout: '0s' }, null))).toBe(
      '--liveness-timeout: must be at least 1ms (0 cannot be told from unset: the managers would use the default, 1s)',
    );
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessFailures: '0' }, null))).toBe(
      '--readiness-failures: must be at least 1 (0 cannot be told from unset: the managers would use the default, 3)',
    );
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessSuccesses: '0' }, null))).toMatch(/^--readiness-successes: must be at least 1 \(0 cannot be told from unset/);
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessFailures: '-2' }, null))).toBe('--readiness-failures: must be an integer from 1 to 4294967295, got "-2"');
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessInitialDelay: '5' }, null))).toMatch(/^--readiness-initial-delay: "5" needs a unit/);
    expect(applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessInitialDelay: '0' }, null).task!.readiness!.initialDelayMs, 'an initial delay of 0 is the default: allowed').toBe(0);
  });

  it('the timeout must not exceed the period (the defaults count)', () => {
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessTimeout: '20s' }, null))).toBe('--readiness-timeout: must not exceed the period (10s, the default), got 20s');
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessPeriod: '2s', readinessTimeout: '3s' }, null))).toBe('--readiness-timeout: must not exceed the period (2s), got 3s');
    expect(usage(() => applyServiceFlags('x', { command: 'a', livenessTcp: '80', livenessPeriod: '500ms' }, null))).toBe(
      '--liveness-period: must not be shorter than the timeout (1s, the default), got 500ms; set --liveness-timeout too',
    );
    const cur = stored(applyServiceFlags('x', { command: 'a', readinessTcp: '80', readinessPeriod: '2s', readinessTimeout: '2s' }, null));
    expect(usage(() => applyServiceFlags('x', { readinessPeriod: '1s' }, cur)), 'against the current timeout').toBe('--readiness-period: must not be shorter than the timeout (2s), got 1s; set --readiness-timeout too');
  });

  it('conflicting or incomplete probe flags are usage errors, checked before anything is sent', () => {
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessHttp: '80:/', readinessTcp: '80' }, null))).toBe('--readiness-http, --readiness-tcp and --readiness-exec: give one (a probe has one check)');
    expect(usage(() => applyServiceFlags('x', { command: 'a', readinessPeriod: '2s' }, null))).toBe(
      '--readiness-period: the service has no readiness probe: give its check too (--readiness-http PORT:/PATH, --readiness-tcp PORT or --readiness-exec "CMD ARGS")',
    );
    expect(usage(() => applyServiceFlags('x', { livenessFailures: '2' }, base))).toMatch(/^--liveness-failures: the service has no liveness probe/);
    expect(usage(() => checkProbeFlags({ readiness: false, readinessPeriod: '1s' }))).toBe('--no-readiness and --readiness-period: give one, not both (--no-readiness removes the readiness probe)');
    expect(usage(() => checkProbeFlags({ livenessHttp: 'x:y' }))).toMatch(/^--liveness-http: "x:y" must be PORT\[:\/PATH\]/);
    expect(() => checkProbeFlags({ readinessPeriod: '1s', livenessTcp: '80', readiness: true, liveness: true }), 'commander sets readiness/liveness true when --no-* is not given').not.toThrow();
  });

  it('a probe port name must be declared (the managers check it)', () => {
    const spec = applyServiceFlags('x', { command: 'a', publish: ['8080'], readinessHttp: 'http:/healthz' }, null);
    expect(() => stored(spec)).toThrow('spec.task.readiness.http.port: "http" names no declared port (no port of this task has a name); give a declared port\'s name or a port number');
  });
});

describe('convergence (what `service create/update` waits for)', () => {
  const svc = (replicas: number | 'global', specVersion = 1) =>
    ({
      id: 's1',
      specVersion,
      spec: replicas === 'global' ? { name: 'web', mode: 'global', global: {} } : { name: 'web', mode: 'replicated', replicated: { replicas } },
    }) as unknown as Service__Output;
  const task = (id: string, slot: number, state: string, specVersion = 1, desired = 'TASK_RUNNING') =>
    ({ id, serviceId: 's1', slot, nodeId: 'n1', specVersion, desiredState: desired, status: { state, message: '', error: '' } }) as unknown as Task__Output;

  it('replicated: converged once as many tasks of the current spec run as wanted', () => {
    const c = new Convergence(svc(2));
    expect(c.converged()).toBe(false);
    expect(c.task(task('t1', 1, 'TASK_PENDING'))).toBe('web.1: pending on n1');
    expect(c.task(task('t1', 1, 'TASK_PENDING')), 'no repeat for the same state').toBeNull();
    c.task(task('t1', 1, 'TASK_RUNNING'));
    expect(c.converged()).toBe(false);
    c.task(task('t2', 2, 'TASK_RUNNING'));
    expect(c.converged()).toBe(true);
    expect(c.summary()).toBe('2/2 running');
    expect(c.task({ ...task('x', 1, 'TASK_RUNNING'), serviceId: 'other' }), 'other services are ignored').toBeNull();
  });

  it('an update: old-spec tasks still running keep it unconverged', () => {
    const c = new Convergence(svc(1, 2));
    c.task(task('old', 1, 'TASK_RUNNING', 1));
    c.task(task('new', 1, 'TASK_RUNNING', 2));
    expect(c.converged()).toBe(false);
    c.task(task('old', 1, 'TASK_SHUTDOWN', 1, 'TASK_SHUTDOWN'));
    expect(c.converged()).toBe(true);
  });

  it('a rollout of the current spec version that has not finished (monitor window) keeps it unconverged; progress lines', () => {
    const c = new Convergence(svc(1, 2));
    c.task(task('new', 1, 'TASK_RUNNING', 2));
    const updating = { ...svc(1, 2), updateStatus: { state: 'UPDATE_UPDATING', specVersion: 2, total: 1, updated: 1, batches: 1, failures: 0, message: 'updating to spec version 2' } } as unknown as Service__Output;
    expect(c.rollout(updating)).toBe('web: updating 1/1 updated, batch 1 — updating to spec version 2');
    expect(c.rollout(updating), 'no repeat of the same line').toBeNull();
    expect(c.converged(), 'expected unconverged during the monitor window').toBe(false);
    const done = { ...updating, updateStatus: { ...updating.updateStatus!, state: 'UPDATE_COMPLETED', message: 'updated to spec version 2' } } as Service__Output;
    expect(c.rollout(done)).toBe('web: completed 1/1 updated, batch 1 — updated to spec version 2');
    expect(c.converged()).toBe(true);
  });

  it('after a rollback to an older spec version, tasks of the newer (broken) version still running keep it unconverged', () => {
    const c = new Convergence(svc(1, 1));
    c.task(task('old', 1, 'TASK_RUNNING', 1));
    c.task(task('broken', 1, 'TASK_RUNNING', 2, 'TASK_SHUTDOWN'));
    expect(c.converged()).toBe(false);
    c.task(task('broken', 1, 'TASK_SHUTDOWN', 2, 'TASK_SHUTDOWN'));
    expect(c.converged()).toBe(true);
  });

  it('0 replicas: converged when nothing runs; global: when every current task runs', () => {
    const z = new Convergence(svc(0));
    expect(z.wantsTasks()).toBe(false);
    expect(z.converged()).toBe(true);
    const g = new Convergence(svc('global'));
    expect(g.converged(), 'no task yet').toBe(false);
    g.task(task('a', 0, 'TASK_RUNNING'));
    g.task(task('b', 0, 'TASK_STARTING'));
    expect(g.converged()).toBe(false);
    g.task(task('b', 0, 'TASK_RUNNING'));
    expect(g.converged()).toBe(true);
  });
});
