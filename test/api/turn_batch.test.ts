// TurnBatcher: what is added in one event-loop turn is sent as one batch, split where the next item
// would pass the byte budget; flush() sends at once.
import { describe, expect, it } from 'vitest';
import { TurnBatcher } from '../../src/api/turn_batch.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('TurnBatcher', () => {
  it('sends the items of one turn together, and those of the next turn apart', async () => {
    const sent: number[][] = [];
    const b = new TurnBatcher<number>((items) => sent.push(items), 100);
    for (let i = 1; i <= 3; i++) b.add(i, 10);
    expect(sent, 'expected nothing sent before the end of the turn').toEqual([]);
    await nextTurn();
    b.add(4, 10);
    await nextTurn();
    expect(sent, 'expected one batch per turn').toEqual([[1, 2, 3], [4]]);
  });

  it('splits a turn where the next item would pass the byte budget; flush sends at once', async () => {
    const sent: number[][] = [];
    const b = new TurnBatcher<number>((items) => sent.push(items), 100);
    for (let i = 1; i <= 5; i++) b.add(i, 40);
    expect(sent, 'expected the first two items sent when the third would pass 100 bytes').toEqual([[1, 2], [3, 4]]);
    b.flush();
    expect(sent[2], 'expected flush to send what is pending').toEqual([5]);
    await nextTurn();
    expect(sent.length, 'expected nothing more at the end of the turn').toBe(3);
  });
});
