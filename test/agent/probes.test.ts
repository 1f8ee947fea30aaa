// The probe state machine and its schedule, on a manual clock: initial delay, period, thresholds
// both ways, timeouts counting as failures, transitions reported only when the probe flips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Probe__Output } from '../../src/gen/baton/v1/Probe';
import { MIN_PROBE_PERIOD_MS } from '../../src/api/validate_service.js';
import {
  PROBE_DEFAULTS,
  ProbeRunner,
  ProbeState,
  probeSettings,
  resolveProbePort,
  type CheckResult,
  type ProbeKind,
  type ProbeSettings,
  type ProbeTransition,
} from '../../src/agent/probes.js';
import { ManualScheduler } from './manual_scheduler.js';

const OK: CheckResult = { ok: true, text: 'http 200 from /healthz' };
const BAD: CheckResult = { ok: false, text: 'http 503 from /healthz' };

function settings(s: Partial<ProbeSettings> = {}): ProbeSettings {
  return { ...PROBE_DEFAULTS, periodMs: 1000, timeoutMs: 500, ...s };
}

/**
 * A runner on a manual clock whose checks answer from `script` (one result per check, the last
 * one repeated; 'hang' never answers). Records every check's start time and every transition.
 */
function harness(kind: ProbeKind, s: Partial<ProbeSettings>, script: (CheckResult | 'hang' | (() => Promise<CheckResult>))[], initiallyPassing?: boolean) {
  const clock = new ManualScheduler(0);
  const checkTimes: number[] = [];
  const transitions: ProbeTransition[] = [];
  const results: CheckResult[] = [];
  const runner = new ProbeRunner({
    kind,
    settings: settings(s),
    scheduler: clock,
    initiallyPassing,
    check: () => {
      const step = script[Math.min(checkTimes.length, script.length - 1)];
      checkTimes.push(clock.now());
      if (step === 'hang') return new Promise<CheckResult>(() => {});
      if (typeof step === 'function') return step();
      return Promise.resolve(step);
    },
    onTransition: (t) => transitions.push(t),
    onResult: (r) => results.push(r),
  });
  return { clock, runner, checkTimes, transitions, results };
}

describe('ProbeState (counting rule)', () => {
  it('readiness starts not ready and becomes ready after success_threshold consecutive successes', () => {
    const st = new ProbeState({ failureThreshold: 3, successThreshold: 2 }, false);
    expect(st.record(true), 'one success of two needed: still not ready').toBe(false);
    expect(st.record(false), 'a failure while not ready changes nothing').toBe(false);
    expect(st.record(true), 'the count of successes restarted after the failure').toBe(false);
    expect(st.record(true), 'second consecutive success: ready').toBe(true);
    expect(st.passing).toBe(true);
    expect(st.record(true), 'more successes: no flip').toBe(false);
  });

  it('flips to failing after failure_threshold consecutive failures, not before', () => {
    const st = new ProbeState({ failureThreshold: 3, successThreshold: 1 }, true);
    expect([st.record(false), st.record(false), st.record(true)], 'two failures then a success: no flip').toEqual([false, false, false]);
    expect([st.record(false), st.record(false)], 'the success reset the failure count').toEqual([false, false]);
    expect(st.record(false), 'third consecutive failure: flip').toBe(true);
    expect(st.passing).toBe(false);
    expect(st.consecutiveFailures).toBe(3);
    expect(st.record(false), 'more failures: no second flip').toBe(false);
  });

  it('refuses thresholds below 1', () => {
    expect(() => new ProbeState({ failureThreshold: 0, successThreshold: 1 }, true)).toThrow(/at least 1/);
  });

  it('property: a flip happens exactly when the last threshold results agree and the state differed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.array(fc.boolean(), { maxLength: 60 }), (ft, stt, start, seq) => {
        const st = new ProbeState({ failureThreshold: ft, successThreshold: stt }, start);
        let passing = start;
        seq.forEach((ok, i) => {
          const flipped = st.record(ok);
          const need = ok ? stt : ft;
          const lastAgree = i + 1 >= need && seq.slice(i + 1 - need, i + 1).every((x) => x === ok);
          // The model: flip iff the state is the other one and the last `need` results all agree.
          const expected = passing !== ok && lastAgree;
          if (flipped !== expected) throw new Error(`step ${i} (${ok ? 'success' : 'failure'}): flipped=${flipped}, expected ${expected}`);
          if (flipped) passing = ok;
          if (st.passing !== passing) throw new Error(`step ${i}: passing=${st.passing}, expected ${passing}`);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('ProbeRunner (schedule, on a manual clock)', () => {
  it('waits out the initial delay, then checks once per period', async () => {
    const h = harness('readiness', { initialDelayMs: 5000, periodMs: 1000 }, [OK]);
    h.runner.start();
    await h.clock.advance(4999);
    expect(h.checkTimes, 'no check before the initial delay (5000 ms)').toEqual([]);
    await h.clock.advance(1);
    expect(h.checkTimes, 'the first check exactly at the initial delay').toEqual([5000]);
    await h.clock.advance(3000);
    expect(h.checkTimes, 'then one per period').toEqual([5000, 6000, 7000, 8000]);
    h.runner.stop();
  });

  it('a slow check does not shift the schedule (period counts from the start of a check)', async () => {
    const clock = new ManualScheduler(0);
    const times: number[] = [];
    const runner = new ProbeRunner({
      kind: 'readiness',
      settings: settings({ periodMs: 1000, timeoutMs: 900 }),
      scheduler: clock,
      check: () => {
        times.push(clock.now());
        return new Promise((res) => clock.after(700, () => res(OK)));
      },
      onTransition: () => {},
    });
    runner.start();
    await clock.advance(3500);
    expect(times, 'checks start every 1000 ms even though each takes 700 ms').toEqual([0, 1000, 2000, 3000]);
    runner.stop();
    await clock.advance(5000); // the check in flight answers (its own timer); the runner ignores it
    expect(times.length, 'no check after stop()').toBe(4);
    expect(clock.pending, 'stop() leaves no timer of the runner behind').toBe(0);
  });

  it('readiness: ready after success_threshold, not ready after failure_threshold, each reported once', async () => {
    // 2 successes needed, 3 failures needed.
    const script = [BAD, OK, OK, OK, OK, BAD, BAD, OK, BAD, BAD, BAD, BAD, BAD, OK, OK];
    const h = harness('readiness', { successThreshold: 2, failureThreshold: 3 }, script);
    h.runner.start();
    expect(h.runner.passing, 'readiness starts not ready').toBe(false);
    await h.clock.advance(1000 * (script.length - 1));
    expect(h.checkTimes.length).toBe(script.length);
    expect(
      h.transitions.map((t) => [t.passing, t.atMs, t.consecutive]),
      'flips: ready at the 2nd success in a row (check 3), not ready at the 3rd failure in a row (check 11), ready again at check 15',
    ).toEqual([
      [true, 2000, 2],
      [false, 10_000, 3],
      [true, 14_000, 2],
    ]);
    expect(h.transitions[1].result).toEqual(BAD);
    expect(h.results.length, 'every check is seen by onResult, only flips by onTransition').toBe(script.length);
    h.runner.stop();
  });

  it('reports nothing while the state holds, however many checks run', async () => {
    const h = harness('readiness', { periodMs: 1000 }, [OK]);
    h.runner.start();
    await h.clock.advance(100_000);
    expect(h.checkTimes.length).toBe(101);
    expect(h.transitions.length, 'one transition (not ready -> ready) for 101 successful checks').toBe(1);
    h.runner.stop();
  });

  it('a check that does not answer within the timeout counts as a failure', async () => {
    const h = harness('liveness', { periodMs: 1000, timeoutMs: 300, failureThreshold: 2 }, ['hang']);
    h.runner.start();
    await h.clock.advance(299);
    expect(h.results, 'no verdict before the timeout').toEqual([]);
    await h.clock.advance(1);
    expect(h.results, 'the first check timed out at 300 ms').toEqual([{ ok: false, text: 'timed out after 300 ms' }]);
    expect(h.runner.state.consecutiveFailures).toBe(1);
    await h.clock.advance(1000);
    expect(h.checkTimes, 'the next check still started one period after the first').toEqual([0, 1000]);
    expect(h.transitions.map((t) => [t.kind, t.passing, t.atMs, t.result.text])).toEqual([['liveness', false, 1300, 'timed out after 300 ms']]);
  });

  it('an answer after the timeout is ignored (the timeout already counted)', async () => {
    const clock = new ManualScheduler(0);
    const results: CheckResult[] = [];
    const runner = new ProbeRunner({
      kind: 'readiness',
      settings: settings({ periodMs: 1000, timeoutMs: 200 }),
      scheduler: clock,
      check: () => new Promise((res) => clock.after(500, () => res(OK))),
      onTransition: () => {},
      onResult: (r) => results.push(r),
    });
    runner.start();
    await clock.advance(999);
    expect(results, 'one verdict: the timeout; the late success is dropped').toEqual([{ ok: false, text: 'timed out after 200 ms' }]);
    runner.stop();
  });

  it('liveness: starts alive, fails after failure_threshold consecutive failures, then stops probing', async () => {
    const h = harness('liveness', { periodMs: 1000, failureThreshold: 3 }, [OK, BAD, BAD, OK, BAD, BAD, BAD, OK]);
    h.runner.start();
    expect(h.runner.passing, 'liveness starts alive').toBe(true);
    await h.clock.advance(20_000);
    expect(h.transitions.map((t) => [t.passing, t.atMs, t.consecutive, t.result.text]), 'one flip, at the 3rd failure in a row (check 7)').toEqual([
      [false, 6000, 3, BAD.text],
    ]);
    expect(h.checkTimes.length, 'no check after the liveness verdict').toBe(7);
    expect(h.runner.running).toBe(false);
    expect(h.clock.pending, 'no timer left').toBe(0);
  });

  it('stop() ends probing at once; a check in flight is ignored', async () => {
    const clock = new ManualScheduler(0);
    let answer: ((r: CheckResult) => void) | null = null;
    const transitions: ProbeTransition[] = [];
    const runner = new ProbeRunner({
      kind: 'readiness',
      settings: settings({ periodMs: 1000, timeoutMs: 500 }),
      scheduler: clock,
      check: () => new Promise((res) => (answer = res)),
      onTransition: (t) => transitions.push(t),
    });
    runner.start();
    await clock.advance(100);
    expect(answer, 'the first check is in flight').not.toBeNull();
    runner.stop();
    answer!(OK);
    await clock.advance(10_000);
    expect(transitions, 'nothing reported after stop()').toEqual([]);
    expect(runner.checks).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('a check that throws or rejects counts as a failure with the error as its text', async () => {
    const h = harness('readiness', { periodMs: 1000 }, [
      () => Promise.reject(new Error('boom')),
      () => {
        throw new Error('sync boom');
      },
    ]);
    h.runner.start();
    await h.clock.advance(1000);
    expect(h.results).toEqual([
      { ok: false, text: 'boom' },
      { ok: false, text: 'sync boom' },
    ]);
    h.runner.stop();
  });

  it('an adopted run keeps its readiness and can start with a shorter first delay', async () => {
    const h = harness('readiness', { initialDelayMs: 5000, failureThreshold: 2 }, [BAD], true);
    h.runner.start(0);
    expect(h.runner.passing).toBe(true);
    await h.clock.advance(1000);
    expect(h.checkTimes, 'first check at once, then one period later').toEqual([0, 1000]);
    expect(h.transitions.map((t) => t.passing), 'ready -> not ready after 2 failures').toEqual([false]);
    h.runner.stop();
  });

  it('refuses to start twice', () => {
    const h = harness('readiness', {}, [OK]);
    h.runner.start();
    expect(() => h.runner.start()).toThrow(/started twice/);
    h.runner.stop();
  });
});

describe('probeSettings and resolveProbePort', () => {
  const probe = (p: Partial<Probe__Output>): Probe__Output => ({ initialDelayMs: 0, periodMs: 0, timeoutMs: 0, failureThreshold: 0, successThreshold: 0, check: 'tcp', tcp: { port: '80' }, ...p });

  it('fills Kubernetes defaults for zeros: every 10 s, 1 s timeout, 3 failures, 1 success', () => {
    expect(probeSettings(probe({}))).toEqual({ initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, failureThreshold: 3, successThreshold: 1 });
    expect(probeSettings(probe({ initialDelayMs: 7, periodMs: 200, timeoutMs: 100, failureThreshold: 5, successThreshold: 2 }))).toEqual({
      initialDelayMs: 7,
      periodMs: 200,
      timeoutMs: 100,
      failureThreshold: 5,
      successThreshold: 2,
    });
    expect(probeSettings(probe({ periodMs: 1 })).periodMs, 'the period has a floor').toBe(MIN_PROBE_PERIOD_MS);
  });

  it('resolves a port by name, by target port, or takes the number as is', () => {
    const ports = [
      { name: 'http', targetPort: 8080, hostPort: 41001 },
      { name: 'metrics', targetPort: 9090, hostPort: 41002 },
      { name: '', targetPort: 7000, hostPort: 41003 },
    ];
    expect(resolveProbePort('http', ports)).toBe(41001);
    expect(resolveProbePort('metrics', ports)).toBe(41002);
    expect(resolveProbePort('9090', ports), 'a number matching a target port: that port\'s host port').toBe(41002);
    expect(resolveProbePort('7000', ports)).toBe(41003);
    expect(resolveProbePort('5432', ports), 'a number no port targets: the number itself').toBe(5432);
    expect(resolveProbePort('admin', ports), 'an unknown name').toBeNull();
    expect(resolveProbePort('', ports)).toBeNull();
    expect(resolveProbePort('70000', ports)).toBeNull();
    expect(resolveProbePort('0', ports)).toBeNull();
  });
});
