import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments and working hours. No double booking is an invariant of the database: two exclusion constraints
 * (btree_gist) over the time range of non-cancelled appointments, one per doctor and one per patient.
 */
export class Appointments1763990000000 implements MigrationInterface {
  name = 'Appointments1763990000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await db.query(
      `CREATE TYPE "appointment_status" AS ENUM ('scheduled', 'confirmed', 'completed', 'no_show', 'cancelled')`,
    );
    await db.query(`
      CREATE TABLE "appointments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "patient_id" uuid NOT NULL,
        "doctor_id" uuid NOT NULL,
        "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" "appointment_status" NOT NULL DEFAULT 'scheduled',
        "reason" character varying(500),
        "notes" text,
        "cancel_reason" character varying(500),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "appointments_ends_after_start" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "appointments_doctor_no_overlap" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" <> 'cancelled'),
        CONSTRAINT "appointments_patient_no_overlap" EXCLUDE USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" <> 'cancelled'),
        CONSTRAINT "PK_appointments" PRIMARY KEY ("id"),
        CONSTRAINT "FK_appointments_patient" FOREIGN KEY ("patient_id") REFERENCES "users"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_appointments_doctor" FOREIGN KEY ("doctor_id") REFERENCES "users"("id") ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX "appointments_starts_at_idx" ON "appointments" ("starts_at")`);
    await db.query(`
      CREATE TABLE "working_hours" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "doctor_id" uuid NOT NULL,
        "weekday" smallint NOT NULL,
        "start_time" time NOT NULL,
        "end_time" time NOT NULL,
        "slot_minutes" smallint NOT NULL DEFAULT 30,
        CONSTRAINT "working_hours_weekday" CHECK ("weekday" BETWEEN 0 AND 6),
        CONSTRAINT "working_hours_end_after_start" CHECK ("end_time" > "start_time"),
        CONSTRAINT "working_hours_slot_minutes" CHECK ("slot_minutes" BETWEEN 5 AND 240),
        CONSTRAINT "PK_working_hours" PRIMARY KEY ("id"),
        CONSTRAINT "FK_working_hours_doctor" FOREIGN KEY ("doctor_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "working_hours_doctor_idx" ON "working_hours" ("doctor_id", "weekday")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "working_hours"`);
    await db.query(`DROP TABLE "appointments"`);
    await db.query(`DROP TYPE "appointment_status"`);
  }
}
