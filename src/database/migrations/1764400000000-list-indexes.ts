import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: the appointment list reads a page in index order for each scope — a patient's, a doctor's, everyone's
 * — ordered by (starts_at, id). The partial GiST indexes of the overlap constraints skip cancelled rows, so the
 * list could use none of them, and sorted the whole table for every page.
 */
export class ListIndexes1764400000000 implements MigrationInterface {
  name = 'ListIndexes1764400000000';

  async up(db: QueryRunner): Promise<void> {
    // Bookings and moves have always been 5..240 minutes (validated); as a constraint, a query for what overlaps
    // [from, to) may also bound starts_at from below (from - 240 min), which the starts_at index can use.
    await db.query(
      `ALTER TABLE "appointments" ADD CONSTRAINT "appointments_at_most_max_length" CHECK ("ends_at" <= "starts_at" + interval '240 minutes')`,
    );
    await db.query(`DROP INDEX "appointments_starts_at_idx"`);
    await db.query(`CREATE INDEX "appointments_starts_at_idx" ON "appointments" ("starts_at", "id")`);
    await db.query(
      `CREATE INDEX "appointments_patient_starts_at_idx" ON "appointments" ("patient_id", "starts_at", "id")`,
    );
    await db.query(
      `CREATE INDEX "appointments_doctor_starts_at_idx" ON "appointments" ("doctor_id", "starts_at", "id")`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "appointments_doctor_starts_at_idx"`);
    await db.query(`DROP INDEX "appointments_patient_starts_at_idx"`);
    await db.query(`DROP INDEX "appointments_starts_at_idx"`);
    await db.query(`CREATE INDEX "appointments_starts_at_idx" ON "appointments" ("starts_at")`);
    await db.query(`ALTER TABLE "appointments" DROP CONSTRAINT "appointments_at_most_max_length"`);
  }
}
