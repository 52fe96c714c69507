import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A running transaction: its manager, and a queue of what may happen only once it has committed. */
export interface Transaction {
  readonly manager: EntityManager;
  /** Runs `effect` after the COMMIT succeeds; never if the transaction rolls back. */
  afterCommit(effect: () => void): void;
}

const logger = new Logger('Transaction');

/**
 * Runs `work` in one transaction, then its after-commit effects. Signals to other instances (dropping sockets, chat
 * fan-out) go there: sent from inside, they arrive before the change is visible, and whoever acts on them at once
 * (a client reconnecting) still reads the old state. An effect that throws is logged: the change is committed and
 * the request succeeded.
 */
export async function inTransaction<T>(
  manager: EntityManager,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const effects: (() => void)[] = [];
  const result = await manager.transaction((transactional) =>
    work({ manager: transactional, afterCommit: (effect) => effects.push(effect) }),
  );
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      logger.error('an after-commit effect failed', error instanceof Error ? error.stack : error);
    }
  }
  return result;
}
