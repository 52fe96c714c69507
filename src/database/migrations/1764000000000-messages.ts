import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support-chat messages, and the table where @socket.io/postgres-adapter parks payloads too big for NOTIFY
 * (its default name and shape).
 */
export class Messages1764000000000 implements MigrationInterface {
  name = 'Messages1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "thread_user_id" uuid NOT NULL,
        "sender_id" uuid NOT NULL,
        "body" text NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "read_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "messages_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000),
        CONSTRAINT "PK_messages" PRIMARY KEY ("id"),
        CONSTRAINT "FK_messages_thread_user" FOREIGN KEY ("thread_user_id") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_messages_sender" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "messages_thread_created_idx" ON "messages" ("thread_user_id", "created_at")`,
    );
    await db.query(`CREATE INDEX "messages_created_idx" ON "messages" ("created_at")`);
    await db.query(`
      CREATE TABLE "socket_io_attachments" (
        "id" bigserial PRIMARY KEY,
        "created_at" TIMESTAMP WITH TIME ZONE DEFAULT now(),
        "payload" bytea
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "socket_io_attachments"`);
    await db.query(`DROP TABLE "messages"`);
  }
}
