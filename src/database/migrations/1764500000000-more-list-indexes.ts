import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: the users and audit lists read their pages in index order too. Users: live ones, newest first, all or
 * by role. Audit events: newest first with `id` as the tie-break, all or by type.
 */
export class MoreListIndexes1764500000000 implements MigrationInterface {
  name = 'MoreListIndexes1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX "users_live_created_idx" ON "users" ("created_at" DESC, "id") WHERE "deleted_at" IS NULL`,
    );
    await db.query(
      `CREATE INDEX "users_live_rol_created_idx" ON "users" ("rol", "created_at" DESC, "id") WHERE "deleted_at" IS NULL`,
    );
    await db.query(`DROP INDEX "audit_events_created_idx"`);
    await db.query(`CREATE INDEX "audit_events_created_idx" ON "audit_events" ("created_at", "id")`);
    await db.query(
      `CREATE INDEX "audit_events_type_created_idx" ON "audit_events" ("type", "created_at", "id")`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "audit_events_type_created_idx"`);
    await db.query(`DROP INDEX "audit_events_created_idx"`);
    await db.query(`CREATE INDEX "audit_events_created_idx" ON "audit_events" ("created_at")`);
    await db.query(`DROP INDEX "users_live_rol_created_idx"`);
    await db.query(`DROP INDEX "users_live_created_idx"`);
  }
}
