import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A DNI (8 digits) or NIE (X, Y, Z as 0, 1, 2, then 7 digits) and the letter of its number modulo 23. CASE keeps
 * the cast to a number away from a text that is not digits (AND would not: PostgreSQL may evaluate either side first).
 */
const NATIONAL_ID_CHECK = `CASE
  WHEN "national_id" IS NULL THEN true
  WHEN "national_id" ~ '^([0-9]{8}|[XYZ][0-9]{7})[A-Z]$'
    THEN substr('TRWAGMYFPDXBNJZSQVHLCKE', translate(left("national_id", 8), 'XYZ', '012')::int % 23 + 1, 1)
      = right("national_id", 1)
  ELSE false
END`;

/**
 * Issue 13, patient profile: optional phone (E.164), birth date and Spanish national id (DNI or NIE), and the
 * language of the user's mails and errors. The database refuses what the DTOs refuse, but for a future birth date
 * (a CHECK cannot depend on today): the id's check letter is checked here too.
 */
export class PatientProfile1764800000000 implements MigrationInterface {
  name = 'PatientProfile1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "users"
        ADD "phone" character varying(16),
        ADD "birth_date" date,
        ADD "national_id" character varying(9),
        ADD "locale" character varying(2) NOT NULL DEFAULT 'es',
        ADD CONSTRAINT "users_phone_e164" CHECK ("phone" ~ '^[+][1-9][0-9]{1,14}$'),
        ADD CONSTRAINT "users_birth_date_from_1900" CHECK ("birth_date" >= DATE '1900-01-01'),
        ADD CONSTRAINT "users_national_id_dni_nie" CHECK (${NATIONAL_ID_CHECK}),
        ADD CONSTRAINT "users_locale_supported" CHECK ("locale" IN ('es', 'en'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "users"
        DROP COLUMN "locale",
        DROP COLUMN "national_id",
        DROP COLUMN "birth_date",
        DROP COLUMN "phone"`);
  }
}
