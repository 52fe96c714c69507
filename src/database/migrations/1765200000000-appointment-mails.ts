import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: confirmations with a calendar file, reminders, and "you have a reply" mails. The iCalendar SEQUENCE of each appointment (it grows
 * with each change, so calendars replace the event), and outbox rows tied to an appointment: a pending reminder is
 * one row due REMINDER_HOURS_BEFORE the start, moved with a reschedule and dropped with a cancel.
 */
export class AppointmentMails1765200000000 implements MigrationInterface {
  name = 'AppointmentMails1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "appointments" ADD "ics_sequence" integer NOT NULL DEFAULT 0`);
    await db.query(
      `ALTER TABLE "mail_outbox" ADD "appointment_id" uuid REFERENCES "appointments"("id") ON DELETE CASCADE`,
    );
    // "You have a reply" mails, at most one per thread per CHAT_MAIL_DIGEST_MINUTES: found by thread and time.
    await db.query(
      `ALTER TABLE "mail_outbox" ADD "thread_user_id" uuid REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await db.query(
      `CREATE INDEX "mail_outbox_thread_created_idx" ON "mail_outbox" ("thread_user_id", "created_at")
        WHERE "thread_user_id" IS NOT NULL`,
    );
    // At most one reminder waiting per appointment, whatever races: the database says so.
    await db.query(
      `CREATE UNIQUE INDEX "mail_outbox_one_pending_reminder" ON "mail_outbox" ("appointment_id")
        WHERE "template" = 'appointment_reminder' AND "sent_at" IS NULL AND "failed_at" IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "mail_outbox_one_pending_reminder"`);
    await db.query(`DROP INDEX "mail_outbox_thread_created_idx"`);
    await db.query(`ALTER TABLE "mail_outbox" DROP COLUMN "thread_user_id"`);
    await db.query(`ALTER TABLE "mail_outbox" DROP COLUMN "appointment_id"`);
    await db.query(`ALTER TABLE "appointments" DROP COLUMN "ics_sequence"`);
  }
}
