import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: days the clinic is closed (dates in CLINIC_TIMEZONE, kept with the instants they covered when made) and
 * a doctor's absences (instants). Bookings are refused inside either, under the same locks as the overlap checks.
 */
export class ClosuresAndAbsences1765000000000 implements MigrationInterface {
  name = 'ClosuresAndAbsences1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "clinic_closures" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "first_day" date NOT NULL,
        "last_day" date NOT NULL,
        "label" varchar(100) NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "clinic_closures_days_order" CHECK ("last_day" >= "first_day"),
        CONSTRAINT "clinic_closures_range_order" CHECK ("ends_at" > "starts_at")
      )`);
    await db.query(
      `CREATE INDEX "clinic_closures_range_idx" ON "clinic_closures" USING gist (tstzrange("starts_at", "ends_at"))`,
    );
    await db.query(`
      CREATE TABLE "doctor_absences" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "doctor_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "reason" varchar(200),
        "created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "doctor_absences_range_order" CHECK ("ends_at" > "starts_at")
      )`);
    await db.query(
      `CREATE INDEX "doctor_absences_doctor_range_idx" ON "doctor_absences"
         USING gist ("doctor_id", tstzrange("starts_at", "ends_at"))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "doctor_absences"`);
    await db.query(`DROP TABLE "clinic_closures"`);
  }
}
