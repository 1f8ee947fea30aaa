import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedKeys } from '../../src/store/sorted_keys.js';

/** The naive model: a sorted array without duplicates. */
function modelFrom(model: Set<string>, from: string): string[] {
  return [...model].sort().filter((k) => k >= from);
}

// Few distinct characters, so that keys collide, share prefixes and sort close together.
const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', 'é', '\u{1F600}'), maxLength: 6 });
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), k: key }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('delete' as const), k: key }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('from' as const), k: key }) },
);

describe('SortedKeys', () => {
  it('behaves like a sorted set (add, delete, has, iteration from a key) under random operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const s = new SortedKeys();
        const model = new Set<string>();
        for (const o of ops) {
          if (o.t === 'add') {
            expect(s.add(o.k), `add ${o.k}`).toBe(!model.has(o.k));
            model.add(o.k);
          } else if (o.t === 'delete') {
            expect(s.delete(o.k), `delete ${o.k}`).toBe(model.has(o.k));
            model.delete(o.k);
          } else {
            expect([...s.from(o.k)], `from ${o.k}`).toEqual(modelFrom(model, o.k));
          }
          expect(s.has(o.k)).toBe(model.has(o.k));
        }
        s.check();
        expect(s.size).toBe(model.size);
        expect(s.toArray()).toEqual(modelFrom(model, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('splits and merges chunks correctly with many keys (inserts in random order, deletes most)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        let x = seed || 1;
        const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x);
        const s = new SortedKeys();
        const model = new Set<string>();
        for (let i = 0; i < 6000; i++) {
          const k = `k/${rnd() % 5000}`;
          s.add(k);
          model.add(k);
        }
        s.check();
        for (let i = 0; i < 9000; i++) {
          const k = `k/${rnd() % 5000}`;
          expect(s.delete(k)).toBe(model.delete(k));
        }
        s.check();
        expect(s.toArray()).toEqual(modelFrom(model, ''));
        const probe = `k/${rnd() % 5000}`;
        expect([...s.from(probe)]).toEqual(modelFrom(model, probe));
      }),
      { numRuns: 10 },
    );
  });

  it('reset loads any order, drops duplicates, and keeps working', () => {
    const s = new SortedKeys();
    const keys = Array.from({ length: 3000 }, (_, i) => `k${(i * 7919) % 2500}`);
    s.reset(keys);
    s.check();
    expect(s.toArray()).toEqual([...new Set(keys)].sort());
    s.add('a');
    s.add('zz');
    expect(s.delete('k0')).toBe(true);
    s.check();
    expect(s.toArray()[0]).toBe('a');
    expect(s.toArray().at(-1)).toBe('zz');
    expect([...new SortedKeys().from('x')]).toEqual([]);
  });
});
