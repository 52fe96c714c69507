import type { ApiBodyOptions } from '@nestjs/swagger';
import type { Role } from '../auth/roles.js';
import { LoginDto } from '../auth/dto/login.dto.js';

export interface DemoPerson {
  name: string;
  surname: string;
  email: string;
  rol: Role;
  specialty?: string;
  password: string;
}

/** The demo clinic's accounts (`npm run seed` creates them, and puts them back as they are here). */
export const DEMO_ACCOUNTS: readonly DemoPerson[] = [
  {
    name: 'Marta',
    surname: 'Admin',
    email: 'admin@vitalis.example',
    rol: 'admin',
    password: 'Vitalis-admin-2026',
  },
  {
    name: 'Elena',
    surname: 'López',
    email: 'dra.lopez@vitalis.example',
    rol: 'doctor',
    specialty: 'Cardiología',
    password: 'Vitalis-doctor-2026',
  },
  {
    name: 'Javier',
    surname: 'García',
    email: 'dr.garcia@vitalis.example',
    rol: 'doctor',
    specialty: 'Pediatría',
    password: 'Vitalis-doctor-2026',
  },
  {
    name: 'Lucía',
    surname: 'Martín',
    email: 'paciente1@vitalis.example',
    rol: 'user',
    password: 'Vitalis-paciente-2026',
  },
  {
    name: 'Pablo',
    surname: 'Ruiz',
    email: 'paciente2@vitalis.example',
    rol: 'user',
    password: 'Vitalis-paciente-2026',
  },
];

/** Swagger UI's login body: pre-filled with the demo admin, the other demo accounts one click away. */
export function demoLoginBody(): ApiBodyOptions {
  const line = (p: DemoPerson): string => `\`${p.email}\` / \`${p.password}\` (${p.rol})`;
  return {
    type: LoginDto,
    description:
      `Demo accounts, after \`npm run seed\`: ${DEMO_ACCOUNTS.map(line).join(', ')}. Five wrong passwords ` +
      'within 15 minutes lock an account for 15 minutes; `npm run seed` again unlocks and resets the demo accounts.',
    examples: Object.fromEntries(
      DEMO_ACCOUNTS.map((p) => [
        p.email.split('@')[0],
        { summary: `${p.name} ${p.surname} (${p.rol})`, value: { email: p.email, password: p.password } },
      ]),
    ),
  };
}
