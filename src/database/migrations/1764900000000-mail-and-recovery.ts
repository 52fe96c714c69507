import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the mail outbox (written in the transaction of the change that causes a mail, sent after it commits),
 * the single-use tokens mailed to users (password reset, e-mail verification and change), stored only as SHA-256
 * hashes, and when each user's e-mail was verified. Accounts made before verification existed count as verified:
 * they were in use, and REQUIRE_VERIFIED_EMAIL must not lock them out.
 */
export class MailAndRecovery1764900000000 implements MigrationInterface {
  name = 'MailAndRecovery1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "mail_outbox" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "to_address" varchar(254) NOT NULL,
        "template" varchar(40) NOT NULL,
        "locale" varchar(2) NOT NULL CHECK ("locale" IN ('es', 'en')),
        "params" jsonb NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "failed_at" timestamptz,
        "last_error" varchar(500),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // What the sender claims: due and not done, in order.
    await db.query(
      `CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at")
        WHERE "sent_at" IS NULL AND "failed_at" IS NULL`,
    );
    await db.query(`
      CREATE TABLE "account_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
        "purpose" varchar(20) NOT NULL CHECK ("purpose" IN ('password_reset', 'email_verify', 'email_change')),
        "token_hash" char(64) NOT NULL UNIQUE,
        -- The address the link verifies (e-mail verification and change): a link for an address the user no
        -- longer has verifies nothing.
        "email" varchar(254),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // A user's recent tokens of one purpose: the per-address mail limit and invalidating older links.
    await db.query(
      `CREATE INDEX "account_tokens_user_purpose_idx" ON "account_tokens" ("user_id", "purpose", "created_at")`,
    );
    await db.query(`ALTER TABLE "users" ADD "email_verified_at" timestamptz`);
    await db.query(`UPDATE "users" SET "email_verified_at" = "created_at"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await db.query(`DROP TABLE "account_tokens"`);
    await db.query(`DROP TABLE "mail_outbox"`);
  }
}
