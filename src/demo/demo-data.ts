import { DateTime } from 'luxon';
import type { AppointmentsService } from '../appointments/appointments.service.js';
import type { WorkingHoursService } from '../appointments/working-hours.service.js';
import type { AbsencesService } from '../closures/absences.service.js';
import type { ClosuresService } from '../closures/closures.service.js';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Role } from '../auth/roles.js';
import type { PasswordAttemptsService } from '../users/password-attempts.service.js';
import type { UsersService } from '../users/users.service.js';
import { DEMO_ACCOUNTS, type DemoPerson } from './demo-accounts.js';

export interface DemoAccount {
  email: string;
  password: string;
  rol: Role;
  created: boolean;
  /** What a second run put back: `password`, `enabled`, `role`, `lock-out cleared`. */
  reset: string[];
}

export interface DemoServices {
  users: UsersService;
  attempts: PasswordAttemptsService;
  workingHours: WorkingHoursService;
  appointments: AppointmentsService;
  closures: ClosuresService;
  absences: AbsencesService;
  timezone: string;
}

export const DEMO_CLOSURE = 'Jornada de formación (demo)';
const DEMO_ABSENCE = 'Congreso (demo)';

/** Monday to Friday, 09:00–14:00 in 30-minute slots, plus Tuesday and Thursday afternoons. */
const WEEK = [1, 2, 3, 4, 5]
  .map((weekday) => ({ weekday, start: '09:00', end: '14:00', slotMinutes: 30 }))
  .concat([2, 4].map((weekday) => ({ weekday, start: '16:00', end: '19:00', slotMinutes: 30 })));

/**
 * The demo clinic: accounts, the doctors' working hours and a few appointments on the next working days.
 * Running it again puts the accounts back as DEMO_ACCOUNTS has them (password, role, enabled, no lock-out) and
 * books nothing more for patients who already have appointments.
 */
export async function seedDemo(services: DemoServices): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const ids = new Map<string, string>();
  for (const person of DEMO_ACCOUNTS) {
    const created = await createIfMissing(services.users, person);
    const { id } = (await services.users.findForLogin(person.email))!;
    ids.set(person.email, id);
    const reset = created ? [] : await services.users.restore(id, person);
    if (await services.attempts.forget(person.email, id)) {
      reset.push('lock-out cleared');
    }
    accounts.push({ email: person.email, password: person.password, rol: person.rol, created, reset });
  }
  const admin: AuthUser = {
    id: ids.get(DEMO_ACCOUNTS.find((p) => p.rol === 'admin')!.email)!,
    rol: 'admin',
    locale: 'es',
    sessionId: '',
    via: 'bearer',
  };
  const doctors = DEMO_ACCOUNTS.filter((p) => p.rol === 'doctor').map((p) => ids.get(p.email)!);
  const patients = DEMO_ACCOUNTS.filter((p) => p.rol === 'user').map((p) => ids.get(p.email)!);
  for (const doctorId of doctors) {
    await services.workingHours.replace(admin, doctorId, WEEK);
  }
  await bookDemoAppointments(services, admin, doctors, patients);
  await closeDemoDays(services, admin, doctors[0]);
  return accounts;
}

/** A closed day and an afternoon the first doctor is away, after the booked days, once: both visible in /docs. */
async function closeDemoDays(services: DemoServices, admin: AuthUser, doctorId: string): Promise<void> {
  const [, , , , absent, closed] = nextWorkingDays(services.timezone, 6);
  const closures = await services.closures.list();
  if (!closures.some((closure) => closure.label === DEMO_CLOSURE)) {
    await services.closures.create(admin.id, { firstDay: closed.toISODate()!, label: DEMO_CLOSURE }, false);
  }
  const absences = await services.absences.list(admin, doctorId);
  if (!absences.some((absence) => absence.reason === DEMO_ABSENCE)) {
    const startsAt = absent.set({ hour: 16 });
    await services.absences.create(
      admin,
      doctorId,
      { startsAt: startsAt.toISO()!, endsAt: startsAt.set({ hour: 19 }).toISO()!, reason: DEMO_ABSENCE },
      false,
    );
  }
}

async function createIfMissing(users: UsersService, person: DemoPerson): Promise<boolean> {
  try {
    await users.create(person);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'EMAIL_TAKEN') {
      return false;
    }
    throw error;
  }
}

async function bookDemoAppointments(
  services: DemoServices,
  admin: AuthUser,
  doctors: string[],
  patients: string[],
): Promise<void> {
  const workingDays = nextWorkingDays(services.timezone, 4);
  for (const [p, patientId] of patients.entries()) {
    const existing = await services.appointments.list(admin, { patientId, page: 1, limit: 1 });
    if (existing.meta.total > 0) {
      continue;
    }
    for (const [d, day] of workingDays.slice(0, 3).entries()) {
      const startsAt = day.set({ hour: 10 + p, minute: d % 2 ? 30 : 0 });
      await services.appointments.book(admin, {
        doctorId: doctors[(p + d) % doctors.length],
        patientId,
        startsAt: startsAt.toISO()!,
        endsAt: startsAt.plus({ minutes: 30 }).toISO()!,
        reason: ['Revisión', 'Consulta', 'Resultados de análisis'][d],
      });
    }
    if (p === 0) {
      // A follow-up the first patient's doctor books for them, as doctors do for patients they have seen.
      const doctor: AuthUser = { id: doctors[0], rol: 'doctor', locale: 'es', sessionId: '', via: 'bearer' };
      const startsAt = workingDays[3].set({ hour: 12 });
      await services.appointments.book(doctor, {
        doctorId: doctors[0],
        patientId,
        startsAt: startsAt.toISO()!,
        endsAt: startsAt.plus({ minutes: 30 }).toISO()!,
        reason: 'Seguimiento',
      });
    }
  }
}

function nextWorkingDays(zone: string, count: number): DateTime[] {
  const days: DateTime[] = [];
  let day = DateTime.now().setZone(zone).startOf('day');
  while (days.length < count) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5) {
      days.push(day);
    }
  }
  return days;
}
