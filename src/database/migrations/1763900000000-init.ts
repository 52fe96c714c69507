import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and sessions. Invariants live here: one live account per e-mail (case-insensitive). */
export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE "user_role" AS ENUM ('user', 'doctor', 'admin')`);
    await db.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(100) NOT NULL,
        "surname" character varying(100) NOT NULL,
        "email" character varying(254) NOT NULL,
        "password_hash" character varying(100) NOT NULL,
        "rol" "user_role" NOT NULL DEFAULT 'user',
        "specialty" character varying(100),
        "is_active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "deleted_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "users_email_lowercase" CHECK (email = lower(email)),
        CONSTRAINT "PK_users" PRIMARY KEY ("id")
      )`);
    await db.query(
      `CREATE UNIQUE INDEX "users_email_active_key" ON "users" (lower("email")) WHERE "deleted_at" IS NULL`,
    );
    await db.query(`
      CREATE TABLE "sessions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "refresh_hash" character(64) NOT NULL,
        "generation" integer NOT NULL DEFAULT 0,
        "rotated_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "absolute_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "user_agent" character varying(512),
        "ip" character varying(64),
        CONSTRAINT "PK_sessions" PRIMARY KEY ("id"),
        CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE INDEX "sessions_user_live_idx" ON "sessions" ("user_id") WHERE revoked_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "sessions"`);
    await db.query(`DROP TABLE "users"`);
    await db.query(`DROP TYPE "user_role"`);
  }
}
