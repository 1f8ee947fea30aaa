// Placement constraints: parsing (the same grammar the API validator accepts) and evaluation.
import { describe, expect, it } from 'vitest';

import { normalizeServiceSpec } from '../../src/api/validate_service.js';
import { describeNodeValue, firstUnmet, meets, parseConstraint, type Constraint } from '../../src/scheduler/constraints.js';
import type { ServiceSpec__Output } from '../../src/gen/baton/v1/ServiceSpec.js';
import { node, task } from './fixtures.js';

function parsed(text: string): Constraint {
  const c = parseConstraint(text);
  expect(c, `"${text}" should parse`).not.toBeNull();
  return c!;
}

/** Whether the API validator accepts a spec with this one constraint. */
function validatorAccepts(constraint: string): boolean {
  const spec: ServiceSpec__Output = {
    name: 'web',
    namespace: '',
    labels: {},
    mode: 'replicated',
    replicated: { replicas: 1 },
    task: task('t', { constraints: [constraint] }).spec,
    update: null,
    rollback: null,
    rebalance: 'REBALANCE_MANUAL',
  };
  try {
    normalizeServiceSpec(spec, 0);
    return true;
  } catch {
    return false;
  }
}

describe('parseConstraint', () => {
  it('splits each form into field, key, operator and value, and normalizes the text', () => {
    expect(parsed('node.labels.zone==eu'), 'a label constraint without spaces').toEqual({
      text: 'node.labels.zone == eu',
      field: 'label',
      key: 'zone',
      op: '==',
      value: 'eu',
    });
    expect(parsed('node.labels.topology.k8s/zone  !=  a-1'), 'a label key with dots and slashes').toMatchObject({ field: 'label', key: 'topology.k8s/zone', op: '!=', value: 'a-1' });
    expect(parsed('node.role == manager'), 'a role constraint').toMatchObject({ field: 'role', key: '', op: '==', value: 'manager' });
    expect(parsed('node.hostname != w1'), 'a hostname constraint').toMatchObject({ field: 'hostname', op: '!=', value: 'w1' });
    expect(parsed('node.id == abc123'), 'an id constraint').toMatchObject({ field: 'id', op: '==', value: 'abc123' });
  });

  it('rejects what the grammar does not allow', () => {
    for (const bad of ['node.labels.zone = eu', 'node.zone == eu', 'labels.zone == eu', 'node.role ==', 'node.role == a b', 'node.labels. == x', 'engine.labels.x == y']) {
      expect(parseConstraint(bad), `"${bad}" should not parse`).toBeNull();
    }
  });

  it('accepts exactly what the API validator accepts', () => {
    const samples = [
      'node.labels.zone == eu',
      'node.labels.zone==eu',
      'node.labels.a.b/c-d_e != x=y',
      'node.role == worker',
      'node.role != manager',
      'node.hostname == host-1',
      'node.id == n1',
      'node.labels.zone = eu',
      'node.platform == linux',
      'node.role == ',
      'node.labels == x',
      'node.labels.zone == eu west',
      'node.labels.zóne == eu',
      ' node.role == worker',
      'node.role == worker ',
    ];
    for (const s of samples) {
      expect(parseConstraint(s) !== null, `parseConstraint and the validator should agree on "${s}"`).toBe(validatorAccepts(s));
    }
  });
});

describe('meets', () => {
  const eu = node('n1', { labels: { zone: 'eu' }, role: 'NODE_MANAGER', hostname: 'm1' });
  const bare = node('n2', { hostname: 'w2' });

  it('compares labels, and treats a missing label as equal to no value', () => {
    expect(meets(parsed('node.labels.zone == eu'), eu), 'zone=eu meets zone == eu').toBe(true);
    expect(meets(parsed('node.labels.zone == us'), eu), 'zone=eu does not meet zone == us').toBe(false);
    expect(meets(parsed('node.labels.zone != us'), eu), 'zone=eu meets zone != us').toBe(true);
    expect(meets(parsed('node.labels.zone == eu'), bare), 'a node without zone does not meet zone == eu').toBe(false);
    expect(meets(parsed('node.labels.zone != eu'), bare), 'a node without zone meets zone != eu (as in Swarm)').toBe(true);
    expect(meets(parsed('node.labels.zone == EU'), eu), 'label values compare case-sensitively').toBe(false);
  });

  it('compares role (from spec.role, case-insensitively), hostname and id', () => {
    expect(meets(parsed('node.role == manager'), eu), 'NODE_MANAGER is manager').toBe(true);
    expect(meets(parsed('node.role == Manager'), eu), 'role names compare case-insensitively').toBe(true);
    expect(meets(parsed('node.role == worker'), bare), 'NODE_WORKER is worker').toBe(true);
    expect(meets(parsed('node.role != worker'), bare), 'a worker does not meet role != worker').toBe(false);
    expect(meets(parsed('node.hostname == m1'), eu), 'hostname m1 meets hostname == m1').toBe(true);
    expect(meets(parsed('node.hostname == m1'), bare), 'hostname w2 does not meet hostname == m1').toBe(false);
    expect(meets(parsed('node.id != n1'), eu), 'node n1 does not meet id != n1').toBe(false);
    expect(meets(parsed('node.id == n2'), bare), 'node n2 meets id == n2').toBe(true);
  });

  it('firstUnmet returns the first failing constraint in spec order, and describeNodeValue what it saw', () => {
    const cs = ['node.role == manager', 'node.labels.zone == eu', 'node.hostname == x'].map(parsed);
    expect(firstUnmet(cs, eu)?.text, 'n1 meets the first two and fails hostname == x').toBe('node.hostname == x');
    expect(firstUnmet(cs, bare)?.text, 'n2 fails role == manager first').toBe('node.role == manager');
    expect(firstUnmet(cs.slice(0, 2), eu), 'n1 meets role and zone').toBeNull();
    expect(describeNodeValue(cs[1], eu), 'a set label shows as key=value').toBe('zone=eu');
    expect(describeNodeValue(cs[1], bare), 'a missing label shows as unset').toBe('zone unset');
    expect(describeNodeValue(cs[0], bare), 'the role shows by its constraint name').toBe('role=worker');
  });
});
