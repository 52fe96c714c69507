import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Pool, PoolClient, TransactionStatus } from 'pg';
import { dropUnfitConnections, unfitForReuse } from './pool-hygiene.js';

function client(
  status: TransactionStatus,
  readyForQuery: boolean,
): PoolClient & { end: jest.Mock<() => Promise<void>> } {
  return { getTransactionStatus: () => status, readyForQuery, end: jest.fn() } as unknown as PoolClient & {
    end: jest.Mock<() => Promise<void>>;
  };
}

describe('unfitForReuse', () => {
  it.each([
    ['idle, answered in full', client('I', true), null],
    ['inside an open transaction', client('T', true), 'inside an open transaction'],
    ['inside a failed transaction', client('E', true), 'inside a failed transaction'],
    ['with a query that timed out still running', client('I', false), 'with a query still running'],
    ['in a transaction with a query still running', client('T', false), 'inside an open transaction'],
  ])('a connection %s', (_what, sut, reason) => {
    expect(unfitForReuse(sut)).toBe(reason);
  });
});

describe('dropUnfitConnections', () => {
  it('closes a connection released unfit, before the pool could keep it, and says why', () => {
    const pool = new EventEmitter();
    const warn = jest.fn<(message: string) => void>();
    dropUnfitConnections(pool as unknown as Pool, warn);
    const clean = client('I', true);
    const stuck = client('T', false);
    const failed = client('E', true);

    pool.emit('release', undefined, clean);
    pool.emit('release', undefined, stuck);
    pool.emit('release', new Error('broken'), failed);

    expect(clean.end).not.toHaveBeenCalled();
    expect(stuck.end).toHaveBeenCalledTimes(1);
    // Released with an error: pg-pool removes it itself.
    expect(failed.end).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('inside an open transaction');
  });
});
