import type { Locale } from '../config/app-config.js';
import type { Transaction } from '../database/transaction.js';
import { hashAccountToken, newAccountToken } from './account-token.js';

/** Who a link is mailed to, and in which language. */
export interface MailedAccount {
  id: string;
  name: string;
  email: string;
  locale: Locale;
}

export type LinkPurpose = 'password_reset' | 'email_verify' | 'email_change';

/** Links of one purpose one user may be mailed in an hour, however often they are asked for. */
export const LINKS_PER_HOUR = 3;

/** A spent link: whose, what for, and the address it was for (e-mail links). */
export interface SpentLink {
  user_id: string;
  purpose: LinkPurpose;
  email: string | null;
}

/**
 * The `account_tokens` table, always inside the caller's transaction: issue a link (expiring the user's older ones of
 * that purpose), count the recent ones, spend one. Only the token's SHA-256 hash is stored.
 */
export const accountLinks = {
  /** Locks the user's row, so concurrent requests for their links count and issue one at a time. */
  async lockUser(tx: Transaction, userId: string): Promise<void> {
    await tx.manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  },

  async issuedLastHour(tx: Transaction, userId: string, purpose: LinkPurpose): Promise<number> {
    const [{ recent }]: { recent: number }[] = await tx.manager.query(
      `SELECT count(*)::int AS recent FROM account_tokens
        WHERE user_id = $1 AND purpose = $2 AND created_at > now() - interval '1 hour'`,
      [userId, purpose],
    );
    return recent;
  },

  /** A new link's token; the user's older links of this purpose stop working. */
  async issue(
    tx: Transaction,
    link: { userId: string; purpose: LinkPurpose; ttlSeconds: number; email?: string },
  ): Promise<string> {
    await accountLinks.expire(tx, link.userId, link.purpose);
    const { token, hash } = newAccountToken();
    await tx.manager.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, email, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [link.userId, link.purpose, hash, link.email ?? null, link.ttlSeconds],
    );
    return token;
  },

  /** The user's live links of these purposes (all, when none is named) stop working. */
  async expire(tx: Transaction, userId: string, ...purposes: LinkPurpose[]): Promise<void> {
    await tx.manager.query(
      `UPDATE account_tokens SET expires_at = least(expires_at, now())
        WHERE user_id = $1 AND (cardinality($2::text[]) = 0 OR purpose = ANY($2))
          AND used_at IS NULL AND expires_at > now()`,
      [userId, purposes],
    );
  },

  /** Spends a live link of one of these purposes: exactly one request gets it, however many race. */
  async spend(tx: Transaction, token: string, purposes: LinkPurpose[]): Promise<SpentLink | null> {
    const [[spent]]: [SpentLink[], number] = await tx.manager.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = ANY($2) AND used_at IS NULL AND expires_at > now()
      RETURNING user_id, purpose, email`,
      [hashAccountToken(token), purposes],
    );
    return spent ?? null;
  },
};
