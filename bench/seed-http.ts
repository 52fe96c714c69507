/** What the bench asks with: a patient with 20 appointments, logged in; made through the API itself. */
export interface BenchPatient {
  email: string;
  password: string;
  token: string;
}

export const BENCH_PASSWORD = 'bench password 2026';
const PASSWORD = BENCH_PASSWORD;

async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function loggedIn(base: string, email: string): Promise<string> {
  return (await call<{ token: string }>(base, 'POST', '/auth/login', { email, password: PASSWORD })).token;
}

/** An admin (KEY_FOR_ADMIN `adminKey`), a doctor, and a patient with 20 half-hour appointments on the next days. */
export async function seedPatient(base: string, adminKey: string): Promise<BenchPatient> {
  const tag = Math.random().toString(36).slice(2, 8);
  const person = (who: string) => ({
    name: 'Bench',
    surname: who,
    email: `${who}-${tag}@bench.test`,
    password: PASSWORD,
  });
  const admin = person('admin');
  await call(base, 'POST', '/auth/register', { ...admin, adminKey });
  const boss = await loggedIn(base, admin.email);
  const doctor = await call<{ id: string }>(
    base,
    'POST',
    '/api/users',
    { ...person('doctor'), rol: 'doctor', specialty: 'Cardiología' },
    boss,
  );
  const patient = person('patient');
  await call(base, 'POST', '/auth/register', patient);
  const token = await loggedIn(base, patient.email);
  const day = 24 * 3600_000;
  for (let i = 1; i <= 20; i++) {
    const startsAt = new Date(Math.ceil(Date.now() / day) * day + i * day + 9 * 3600_000);
    await call(
      base,
      'POST',
      '/api/appointments',
      {
        doctorId: doctor.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
        reason: 'Revisión anual',
      },
      token,
    );
  }
  return { email: patient.email, password: PASSWORD, token };
}

/**
 * `count` more patients to log in at once. One account logged into 20 times at once would be refused: concurrent
 * attempts count against the lock-out until they succeed (the defence against a parallel burst).
 */
export async function seedAccounts(base: string, count: number): Promise<string[]> {
  const tag = Math.random().toString(36).slice(2, 8);
  const emails = Array.from({ length: count }, (_, i) => `login-${i}-${tag}@bench.test`);
  for (const email of emails) {
    await call(base, 'POST', '/auth/register', {
      name: 'Bench',
      surname: 'Login',
      email,
      password: PASSWORD,
    });
  }
  return emails;
}
