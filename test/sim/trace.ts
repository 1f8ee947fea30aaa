// The simulator's event log: the last N events are kept (cheaply, formatted only when needed) so
// that a failure can show how it came about; --trace prints every event as it happens.
import type { Message } from '../../src/raft/index.js';

type Event = { tick: number; text: string | null; m: Message | null };

export function formatMessage(m: Message): string {
  let s = `${m.from}->${m.to} ${m.type.slice(4)} term=${m.term}`;
  switch (m.type) {
    case 'MSG_APP':
      s += ` prev=${m.index}/${m.logTerm} entries=${m.entries.length ? `${m.entries[0]!.index}..${m.entries[m.entries.length - 1]!.index}` : 0} commit=${m.commit}`;
      break;
    case 'MSG_APP_RESP':
      s += m.reject ? ` reject index=${m.index} hint=${m.rejectHint}/${m.logTerm}` : ` index=${m.index}`;
      break;
    case 'MSG_VOTE':
    case 'MSG_PRE_VOTE':
      s += ` last=${m.index}/${m.logTerm}`;
      break;
    case 'MSG_VOTE_RESP':
    case 'MSG_PRE_VOTE_RESP':
      s += m.reject ? ' rejected' : ' granted';
      break;
    case 'MSG_HEARTBEAT':
      s += ` commit=${m.commit}`;
      break;
    case 'MSG_SNAP':
      s += ` snapshot=${m.snapshot?.metadata?.index} bytes ${m.snapshot?.offset}+${m.snapshot?.data.length}/${m.snapshot?.totalBytes}`;
      break;
    case 'MSG_SNAP_RESP':
      s += ` snapshot=${m.index} have=${m.rejectHint}${m.reject ? ' restart' : ''}`;
      break;
    case 'MSG_READ_INDEX_RESP':
      s += ` index=${m.index}`;
      break;
  }
  return s;
}

export class EventLog {
  private readonly ring: Event[] = [];
  private pos = 0;

  constructor(
    private readonly capacity: number,
    private readonly sink?: (line: string) => void,
  ) {}

  private push(e: Event): void {
    if (this.sink) this.sink(format(e));
    if (this.ring.length < this.capacity) this.ring.push(e);
    else this.ring[this.pos] = e;
    this.pos = (this.pos + 1) % this.capacity;
  }

  add(tick: number, text: string): void {
    this.push({ tick, text, m: null });
  }

  addMessage(tick: number, m: Message): void {
    this.push({ tick, text: null, m });
  }

  last(): string[] {
    const ordered = this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.pos), ...this.ring.slice(0, this.pos)];
    return ordered.map(format);
  }
}

function format(e: Event): string {
  return `[${String(e.tick).padStart(5)}] ${e.text ?? formatMessage(e.m!)}`;
}
