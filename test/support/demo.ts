import { DataSource } from 'typeorm';
import { AbsencesService } from '../../src/closures/absences.service.js';
import { ClosuresService } from '../../src/closures/closures.service.js';
import { AppointmentsService } from '../../src/appointments/appointments.service.js';
import { WorkingHoursService } from '../../src/appointments/working-hours.service.js';
import { DEMO_CLOSURE, seedDemo } from '../../src/demo/demo-data.js';
import { PasswordAttemptsService } from '../../src/users/password-attempts.service.js';
import { UsersService } from '../../src/users/users.service.js';
import type { TestApp } from './helpers.js';

/** `npm run seed`'s work, done by the services of the running test app: the demo accounts, as it prints them. */
export function seedDemoAccounts(t: TestApp): ReturnType<typeof seedDemo> {
  return seedDemo({
    users: t.app.get(UsersService),
    attempts: t.app.get(PasswordAttemptsService),
    workingHours: t.app.get(WorkingHoursService),
    appointments: t.app.get(AppointmentsService),
    closures: t.app.get(ClosuresService),
    absences: t.app.get(AbsencesService),
    timezone: t.config.clinic.timezone,
  });
}

/**
 * Takes the demo seed's closed day away again: a closure shuts the whole clinic, and the suites that run after this
 * one on the same database book on the next working days.
 */
export async function removeDemoClosure(t: TestApp): Promise<void> {
  await t.app.get(DataSource).query(`DELETE FROM clinic_closures WHERE label = $1`, [DEMO_CLOSURE]);
}
