import { AbsencesService } from '../../src/closures/absences.service.js';
import { ClosuresService } from '../../src/closures/closures.service.js';
import { AppointmentsService } from '../../src/appointments/appointments.service.js';
import { WorkingHoursService } from '../../src/appointments/working-hours.service.js';
import { seedDemo } from '../../src/demo/demo-data.js';
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
