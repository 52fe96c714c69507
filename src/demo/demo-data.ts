import { AppError } from '../common/app-error.js';
import type { Role } from '../common/roles.js';
import type { UsersService } from '../users/users.service.js';

export interface DemoAccount {
  email: string;
  password: string;
  rol: Role;
  created: boolean;
}

const PASSWORDS: Record<Role, string> = {
  admin: 'Vitalis-admin-2026',
  doctor: 'Vitalis-doctor-2026',
  user: 'Vitalis-paciente-2026',
};

const PEOPLE: { name: string; surname: string; email: string; rol: Role; specialty?: string }[] = [
  { name: 'Marta', surname: 'Admin', email: 'admin@vitalis.example', rol: 'admin' },
  {
    name: 'Elena',
    surname: 'López',
    email: 'dra.lopez@vitalis.example',
    rol: 'doctor',
    specialty: 'Cardiología',
  },
  {
    name: 'Javier',
    surname: 'García',
    email: 'dr.garcia@vitalis.example',
    rol: 'doctor',
    specialty: 'Pediatría',
  },
  { name: 'Lucía', surname: 'Martín', email: 'paciente1@vitalis.example', rol: 'user' },
  { name: 'Pablo', surname: 'Ruiz', email: 'paciente2@vitalis.example', rol: 'user' },
];

/** Creates the demo accounts that are missing; running it twice changes nothing. */
export async function seedDemoAccounts(users: UsersService): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const person of PEOPLE) {
    const password = PASSWORDS[person.rol];
    let created = true;
    try {
      await users.create({ ...person, password });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'EMAIL_TAKEN')) {
        throw error;
      }
      created = false;
    }
    accounts.push({ email: person.email, password, rol: person.rol, created });
  }
  return accounts;
}
