// Composed scenarios on the command line: "a+b" is accepted when both parts exist and differ.
import { describe, expect, it } from 'vitest';
import { parseRunArgs, scenarioParts } from '../../deploy/chaos/runner.js';

const args = (scenario: string) => ['--managers', '3', '--scenario', scenario, '--report', '/tmp/x.json'];

describe('composed chaos scenarios', () => {
  it('accepts a+b and lists its parts', () => {
    const r = parseRunArgs(args('kill-leader+kill-worker,transfer'));
    expect('ok' in r && r.ok.scenarios, 'two scenarios, the first composed').toEqual(['kill-leader+kill-worker', 'transfer']);
    expect(scenarioParts('split-minority+restart-worker'), 'the parts in order').toEqual(['split-minority', 'restart-worker']);
  });

  it('refuses an unknown part, naming it and the composition', () => {
    const r = parseRunArgs(args('kill-leader+kill-everything'));
    expect('error' in r && r.error, 'the unknown part named').toBe('unknown scenario "kill-everything" in "kill-leader+kill-everything"');
  });

  it('refuses a fault named twice', () => {
    const r = parseRunArgs(args('kill-worker+kill-worker'));
    expect('error' in r && r.error, 'the repeated fault named').toBe('"kill-worker+kill-worker" names a fault twice');
  });
});
