// "At most one leader per term", checked from the managers' log files (pino JSON lines).
//
// Two kinds of line are evidence of who led which term:
//   - the Raft component's "N became leader at term T" (authoritative: N says it is the leader);
//   - the replica's "leader changed" line, { leader, term } (what a manager believed).
// A term with two different leaders in either kind of evidence is a violation. Lines that are not
// JSON, or carry neither message, are ignored.
import { readFileSync } from 'node:fs';

export interface LeaderClaim {
  term: number;
  leader: number;
  /** 'raft': the leader's own "became leader" line; 'replica': a manager's "leader changed" line. */
  source: 'raft' | 'replica';
  /** The manager that logged it (pino's `node` field), if present. */
  node?: number;
  /** Where the line came from (file:line). */
  where: string;
}

export interface TermConflict {
  term: number;
  leaders: number[];
  claims: LeaderClaim[];
}

export interface LeaderCheck {
  ok: boolean;
  /** Distinct terms that had a leader. */
  terms: number;
  claims: number;
  conflicts: TermConflict[];
}

const BECAME = /^(\d+) became leader at term (\d+)$/;

/** The leader claims in some log text. */
export function parseLeaderClaims(text: string, file = 'log'): LeaderClaim[] {
  const out: LeaderClaim[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.startsWith('{')) continue;
    let x: Record<string, unknown>;
    try {
      x = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const where = `${file}:${i + 1}`;
    const node = typeof x.node === 'number' ? x.node : undefined;
    const msg = typeof x.msg === 'string' ? x.msg : '';
    const m = BECAME.exec(msg);
    if (m && (x.component === undefined || x.component === 'raft')) {
      out.push({ term: Number(m[2]), leader: Number(m[1]), source: 'raft', node, where });
    } else if (msg === 'leader changed' && typeof x.leader === 'number' && typeof x.term === 'number' && x.leader !== 0) {
      out.push({ term: x.term, leader: x.leader, source: 'replica', node, where });
    }
  }
  return out;
}

/** Checks that no term has two different leaders. */
export function checkLeaderClaims(claims: readonly LeaderClaim[]): LeaderCheck {
  const byTerm = new Map<number, LeaderClaim[]>();
  for (const c of claims) {
    let l = byTerm.get(c.term);
    if (!l) byTerm.set(c.term, (l = []));
    l.push(c);
  }
  const conflicts: TermConflict[] = [];
  for (const [term, cs] of [...byTerm].sort((a, b) => a[0] - b[0])) {
    const leaders = [...new Set(cs.map((c) => c.leader))].sort((a, b) => a - b);
    if (leaders.length > 1) conflicts.push({ term, leaders, claims: cs });
  }
  return { ok: conflicts.length === 0, terms: byTerm.size, claims: claims.length, conflicts };
}

/** Reads log files (missing ones are skipped) and checks them. */
export function checkLeaderLogs(files: readonly string[]): LeaderCheck {
  const claims: LeaderClaim[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    claims.push(...parseLeaderClaims(text, f));
  }
  return checkLeaderClaims(claims);
}
