// Majority arithmetic over the voters of a configuration.

/** The largest index that a majority of voters has (matched(id) gives a voter's match index). */
export function committedIndex(voters: readonly number[], matched: (id: number) => number): number {
  if (voters.length === 0) return Number.MAX_SAFE_INTEGER; // no voters: nothing constrains commit
  const m = voters.map(matched).sort((a, b) => b - a);
  return m[Math.floor(voters.length / 2)]!;
}

export type VoteResult = 'pending' | 'won' | 'lost';

export function voteResult(voters: readonly number[], votes: ReadonlyMap<number, boolean>): VoteResult {
  const q = Math.floor(voters.length / 2) + 1;
  let granted = 0;
  let rejected = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === true) granted++;
    else if (v === false) rejected++;
  }
  if (granted >= q) return 'won';
  if (voters.length - rejected < q) return 'lost';
  return 'pending';
}

export function hasQuorum(voters: readonly number[], isActive: (id: number) => boolean): boolean {
  let n = 0;
  for (const id of voters) if (isActive(id)) n++;
  return n >= Math.floor(voters.length / 2) + 1;
}
