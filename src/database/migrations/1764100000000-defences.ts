import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail, and the login failure counters and locks (in the database, so they hold across instances). */
export class Defences1764100000000 implements MigrationInterface {
  name = 'Defences1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "audit_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "type" character varying(40) NOT NULL,
        "actor_id" uuid,
        "subject_id" uuid,
        "details" jsonb NOT NULL DEFAULT '{}',
        "ip" character varying(64),
        "user_agent" character varying(512),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE INDEX "audit_events_created_idx" ON "audit_events" ("created_at")`);
    await db.query(`CREATE INDEX "audit_events_actor_idx" ON "audit_events" ("actor_id", "created_at")`);
    await db.query(`CREATE INDEX "audit_events_subject_idx" ON "audit_events" ("subject_id", "created_at")`);
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
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "login_locks"`);
    await db.query(`DROP TABLE "login_failures"`);
    await db.query(`DROP TABLE "audit_events"`);
  }
}
