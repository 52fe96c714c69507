import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/env.js';
import { loadEnvFiles } from './config/env-files.js';
import { createRootLogger } from './logging/root-logger.js';
import { AbsencesService } from './closures/absences.service.js';
import { ClosuresService } from './closures/closures.service.js';
import { AppointmentsService } from './appointments/appointments.service.js';
import { WorkingHoursService } from './appointments/working-hours.service.js';
import { type DemoAccount, seedDemo } from './demo/demo-data.js';
import { PasswordAttemptsService } from './users/password-attempts.service.js';
import { UsersService } from './users/users.service.js';

/** npm run seed: demo accounts to log in with from Swagger UI. Same database as npm start (stop the server first on the embedded one). */
async function seed(): Promise<void> {
  loadEnvFiles();
  const config = loadConfig();
  if (config.production) {
    throw new Error('Refusing to create demo accounts with NODE_ENV=production.');
  }
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, createRootLogger(config)),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    const accounts = await seedDemo({
      users: app.get(UsersService),
      attempts: app.get(PasswordAttemptsService),
      workingHours: app.get(WorkingHoursService),
      appointments: app.get(AppointmentsService),
      closures: app.get(ClosuresService),
      absences: app.get(AbsencesService),
      timezone: config.clinic.timezone,
    });
    const state = (a: DemoAccount): string =>
      a.created ? 'created' : a.reset.length > 0 ? `reset: ${a.reset.join(', ')}` : 'already there';
    const lines = accounts.map(
      (a) => `  ${a.rol.padEnd(6)}  ${a.email.padEnd(28)}  ${a.password.padEnd(22)}  (${state(a)})`,
    );
    process.stdout.write(
      `Demo accounts (log in with POST /auth/login at /docs; run npm run seed again to unlock or reset them):\n` +
        `${lines.join('\n')}\n` +
        'Doctors work Mon-Fri 09:00-14:00 (and Tue/Thu 16:00-19:00); each patient has appointments on the next working days.\n',
    );
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
