import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: the staff inbox lists threads by their last message. Finding each thread's last message took a pass
 * over every message (DISTINCT ON) for every page; now `message_threads` holds it, kept by a trigger on every
 * insert (whatever inserts), so a page is an index range on `last_message_at`.
 */
export class MessageThreads1764600000000 implements MigrationInterface {
  name = 'MessageThreads1764600000000';

  async up(db: QueryRunner): Promise<void> {
    // A page of messages is ordered by (created_at, id): with id in the indexes, it is read in order, never sorted.
    await db.query(`DROP INDEX "messages_created_idx"`);
    await db.query(`CREATE INDEX "messages_created_idx" ON "messages" ("created_at", "id")`);
    await db.query(`DROP INDEX "messages_thread_created_idx"`);
    await db.query(
      `CREATE INDEX "messages_thread_created_idx" ON "messages" ("thread_user_id", "created_at", "id")`,
    );
    await db.query(`
      CREATE TABLE "message_threads" (
        "user_id" uuid PRIMARY KEY REFERENCES "users"("id") ON DELETE CASCADE,
        "last_message_id" uuid NOT NULL REFERENCES "messages"("id") ON DELETE CASCADE,
        "last_message_at" timestamptz NOT NULL
      )`);
    await db.query(`
      INSERT INTO "message_threads" ("user_id", "last_message_id", "last_message_at")
      SELECT DISTINCT ON ("thread_user_id") "thread_user_id", "id", "created_at"
        FROM "messages"
       ORDER BY "thread_user_id", "created_at" DESC, "id" DESC`);
    await db.query(
      `CREATE INDEX "message_threads_last_idx" ON "message_threads" ("last_message_at" DESC, "last_message_id" DESC)`,
    );
    // A newer message replaces the thread's last one; of two at once, the row lock orders them and the later wins.
    await db.query(`
      CREATE FUNCTION "message_threads_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "message_threads" ("user_id", "last_message_id", "last_message_at")
        VALUES (NEW."thread_user_id", NEW."id", NEW."created_at")
        ON CONFLICT ("user_id") DO UPDATE
          SET "last_message_id" = EXCLUDED."last_message_id", "last_message_at" = EXCLUDED."last_message_at"
          WHERE ("message_threads"."last_message_at", "message_threads"."last_message_id")
              < (EXCLUDED."last_message_at", EXCLUDED."last_message_id");
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "message_threads_follow" AFTER INSERT ON "messages"
      FOR EACH ROW EXECUTE FUNCTION "message_threads_follow"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "message_threads_follow" ON "messages"`);
    await db.query(`DROP FUNCTION "message_threads_follow"()`);
    await db.query(`DROP TABLE "message_threads"`);
    await db.query(`DROP INDEX "messages_thread_created_idx"`);
    await db.query(
      `CREATE INDEX "messages_thread_created_idx" ON "messages" ("thread_user_id", "created_at")`,
    );
    await db.query(`DROP INDEX "messages_created_idx"`);
    await db.query(`CREATE INDEX "messages_created_idx" ON "messages" ("created_at")`);
  }
}
