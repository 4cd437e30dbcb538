import { RelayBoard } from './relay-board.js';

const backoff = { firstMs: 10_000, maxMs: 60_000 };

function picks(board: RelayBoard, count: number, now = 0): string {
  return Array.from({ length: count }, () => board.label(board.pick(now)!)).join('');
}

describe('RelayBoard', () => {
  it('spreads messages by weight, evenly rather than in bursts', () => {
    const board = new RelayBoard([
      { label: 'a', weight: 3 },
      { label: 'b', weight: 1 },
    ]);
    expect(picks(board, 8)).toBe('aabaaaba');
    const three = new RelayBoard([
      { label: 'a', weight: 5 },
      { label: 'b', weight: 1 },
      { label: 'c', weight: 1 },
    ]);
    expect(picks(three, 7)).toBe('aabacaa');
  });

  it('leaves a failed relay out for its back-off, doubling after each failed return, within the cap', () => {
    const board = new RelayBoard(
      [
        { label: 'a', weight: 3 },
        { label: 'b', weight: 1 },
      ],
      backoff,
    );
    expect(board.connectionFailed(0, 0)).toBe(true);
    expect(board.states(0)[0]).toMatchObject({
      status: 'down',
      downUntil: new Date(10_000),
      failed: 1,
      consecutiveFailures: 1,
    });
    expect(picks(board, 4, 5_000)).toBe('bbbb');
    // Messages that were under way fail too: the same outage, the same back-off.
    expect(board.connectionFailed(0, 6_000)).toBe(false);
    expect(board.downUntil(0)).toEqual(new Date(10_000));

    expect(board.pick(10_000)).toBe(0);
    expect(board.connectionFailed(0, 10_000)).toBe(true);
    expect(board.downUntil(0)).toEqual(new Date(30_000));
    board.connectionFailed(0, 30_000);
    expect(board.downUntil(0)).toEqual(new Date(70_000));
    board.connectionFailed(0, 70_000);
    board.connectionFailed(0, 130_000);
    expect(board.downUntil(0)).toEqual(new Date(190_000));
    expect(board.states(130_000)[0]).toMatchObject({ consecutiveFailures: 6, failed: 6 });
  });

  it('a message accepted brings the relay back and resets its back-off', () => {
    const board = new RelayBoard([{ label: 'a', weight: 1 }], backoff);
    board.connectionFailed(0, 0);
    board.connectionFailed(0, 10_000);
    expect(board.accepted(0)).toBe(true);
    expect(board.accepted(0)).toBe(false);
    expect(board.states(10_001)[0]).toEqual({
      label: 'a',
      status: 'up',
      sent: 2,
      refused: 0,
      failed: 2,
      consecutiveFailures: 0,
    });
    board.connectionFailed(0, 20_000);
    expect(board.downUntil(0)).toEqual(new Date(30_000));
  });

  it('a refused message says nothing against the relay', () => {
    const board = new RelayBoard([{ label: 'a', weight: 1 }], backoff);
    board.refusedMessage(0);
    expect(board.states(0)[0]).toMatchObject({ status: 'up', refused: 1, failed: 0 });
  });

  it('picks none when every relay is down or already tried', () => {
    const board = new RelayBoard(
      [
        { label: 'a', weight: 1 },
        { label: 'b', weight: 1 },
      ],
      backoff,
    );
    board.connectionFailed(0, 0);
    expect(board.pick(1, new Set([1]))).toBeNull();
    board.connectionFailed(1, 0);
    expect(board.pick(1)).toBeNull();
    expect(board.pick(10_000)).not.toBeNull();
  });
});
