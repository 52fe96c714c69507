import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: refresh tokens verified in constant work (a salt per session instead of the current token's hash),
 * login attempts counted before the password is compared (one row per subject and address), and audit event
 * types in the contract's style (`refresh_reused`, not `refresh.reused`).
 */
export class AuthHardening1764300000000 implements MigrationInterface {
  name = 'AuthHardening1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Tokens issued before this have the old two-part shape and answer REFRESH_INVALID: their holders log in again.
    await db.query(`ALTER TABLE "sessions" ADD "refresh_salt" character varying(43)`);
    await db.query(
      `UPDATE "sessions" SET "refresh_salt" = rtrim(translate(encode(sha256(convert_to(gen_random_uuid()::text || id::text, 'UTF8')), 'base64'), '+/', '-_'), '=')`,
    );
    await db.query(`ALTER TABLE "sessions" ALTER COLUMN "refresh_salt" SET NOT NULL`);
    await db.query(`ALTER TABLE "sessions" DROP COLUMN "refresh_hash"`);

    await db.query(`DROP TABLE "login_locks"`);
    await db.query(`DROP TABLE "login_failures"`);
    await db.query(`
      CREATE TABLE "login_attempts" (
        "subject" character varying(300) NOT NULL,
        "ip" character varying(64) NOT NULL,
        "attempts" integer NOT NULL,
        "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_login_attempts" PRIMARY KEY ("subject", "ip")
      )`);
    await db.query(`CREATE INDEX "login_attempts_window_idx" ON "login_attempts" ("window_started_at")`);

    await db.query(`UPDATE "audit_events" SET "type" = replace("type", '.', '_') WHERE "type" LIKE '%.%'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE "audit_events" SET "type" = regexp_replace("type", '^(login|refresh|logout|session|password|user|appointment|messages)_', '\\1.')
        WHERE "type" <> 'logout'`,
    );
    await db.query(`DROP TABLE "login_attempts"`);
    await db.query(`
      CREATE TABLE "login_failures" (
        "email" character varying(254) NOT NULL,
        "ip" character varying(64) NOT NULL,
        "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX "login_failures_pair_idx" ON "login_failures" ("email", "ip", "failed_at")`);
    await db.query(`CREATE INDEX "login_failures_failed_at_idx" ON "login_failures" ("failed_at")`);
    await db.query(`
      CREATE TABLE "login_locks" (
        "email" character varying(254) NOT NULL,
        "ip" character varying(64) NOT NULL,
        "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_login_locks" PRIMARY KEY ("email", "ip")
      )`);
    // The old format cannot be rebuilt from a salt: sessions keep working until their access token expires.
    await db.query(
      `ALTER TABLE "sessions" ADD "refresh_hash" character(64) NOT NULL DEFAULT repeat('0', 64)`,
    );
    await db.query(`ALTER TABLE "sessions" ALTER COLUMN "refresh_hash" DROP DEFAULT`);
    await db.query(`ALTER TABLE "sessions" DROP COLUMN "refresh_salt"`);
  }
}
