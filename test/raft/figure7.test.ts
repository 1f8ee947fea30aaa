// Log reconciliation (Raft paper §5.3, Figure 7): a new leader brings followers with missing,
// extra and conflicting entries to its own log, and the rejection hints (the fast back-off of
// §5.3's closing paragraphs) skip whole terms instead of one entry per round trip.
import { describe, expect, it } from 'vitest';

import { Network, isMsg, storageWithLog } from './harness.js';

// Terms of the entries at indexes 1.. in Figure 7. Index 1 (term 1) is the bootstrap snapshot,
// so each storage holds the terms from index 2 on.
const LEADER = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
const FOLLOWERS: Record<string, number[]> = {
  a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
  b: [1, 1, 1, 4],
  c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
  d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
  e: [1, 1, 1, 4, 4, 4, 4],
  f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
};

/** The last index where `follower` agrees with the leader of Figure 7. */
function lastMatch(follower: number[]): number {
  let i = 0;
  while (i < follower.length && i < LEADER.length && follower[i] === LEADER[i]) i++;
  return i;
}

// Rejections the leader receives from each follower before an append matches: at most one,
// thanks to the term hints. A leader that backs off one entry per rejection would need
// (10 - last matching index) of them.
const EXPECTED_REJECTIONS: Record<string, number> = { a: 1, b: 1, c: 0, d: 0, e: 1, f: 1 };

describe('Figure 7: a leader of term 8 brings every follower to its log', () => {
  for (const [name, terms] of Object.entries(FOLLOWERS)) {
    it(`follower (${name}) ends with the leader's log, after ${EXPECTED_REJECTIONS[name]} rejected append(s)`, () => {
      // 1: the leader to be; 2: the follower of the figure; 3: a voter with the leader's log, so
      // that 1 wins term 8 whatever 2 thinks of its log.
      const net = new Network({
        voters: [1, 2, 3],
        storage: (id) => storageWithLog([1, 2, 3], (id === 2 ? terms : LEADER).slice(1), { term: 7 }),
      });
      net.elect(1);
      expect(net.node(1).raft.term, 'term of the new leader').toBe(8);
      expect(net.logShape(2), `log of (${name})`).toEqual(net.logShape(1));
      expect(net.logShape(1).at(-1), 'the leader added its no-op at index 11').toBe('11:8');
      expect(net.log(2).map((e) => e.data.toString()), `data of (${name})'s entries`).toEqual(net.log(1).map((e) => e.data.toString()));

      const rejections = net.sentWhere((m) => m.type === 'MSG_APP_RESP' && m.from === 2 && m.reject).length;
      const appends = net.sentWhere((m) => m.type === 'MSG_APP' && m.to === 2 && m.entries.length > 0).length;
      const naive = 10 - lastMatch(terms);
      expect(rejections, `rejections from (${name}); one per entry would be ${naive}`).toBe(EXPECTED_REJECTIONS[name]);
      expect(appends, `appends carrying entries to (${name})`).toBe(rejections + 1);
      expect(net.node(1).status().progress!.get(2)!.match, `match of (${name}) on the leader`).toBe(11);
      expect(net.hardState(2).commit, `commit of (${name})`).toBe(11);
    });
  }

  it('with all six followers of the figure in one 7-node cluster, every log converges to the leader\'s', () => {
    const names = Object.keys(FOLLOWERS);
    const voters = [1, 2, 3, 4, 5, 6, 7];
    const net = new Network({
      voters,
      storage: (id) => storageWithLog(voters, (id === 1 ? LEADER : FOLLOWERS[names[id - 2]!]!).slice(1), { term: 7 }),
    });
    // (a), (b), (e) and (f) vote for the leader; (c) and (d) have logs more up to date than its own.
    net.elect(1);
    const votes = net.sentWhere(isMsg('MSG_VOTE_RESP')).map((m) => `${names[m.from - 2]}:${m.reject ? 'no' : 'yes'}`);
    expect(votes.sort(), 'votes for the leader of term 8').toEqual(['a:yes', 'b:yes', 'c:no', 'd:no', 'e:yes', 'f:yes']);
    for (let id = 2; id <= 7; id++) expect(net.logShape(id), `log of (${names[id - 2]})`).toEqual(net.logShape(1));
    const rejections = net.sentWhere((m) => m.type === 'MSG_APP_RESP' && m.reject).length;
    expect(rejections, 'rejected appends in total').toBe(4);
  });
});
