/**
 * The hand-written baseline of `npm run bench`: Fastify + pg + jsonwebtoken (HS256, the key by `kid`), answering
 * GET /health, /auth/me and /api/appointments (a patient's first page) with Vitalis's exact JSON from the same
 * database, in two statements a request (the session check, then the answer). No framework, no validation, no
 * logging: what the routes cost at the least. Run as a child process: DATABASE_URL, PORT, JWT_SECRET.
 */
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import { createHash, createSecretKey } from 'node:crypto';
import pg from 'pg';

const secret = process.env.JWT_SECRET!;
const kid = createHash('sha256').update(secret).digest('hex').slice(0, 16);
const key = createSecretKey(Buffer.from(secret, 'utf8'));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

class Unauthorized extends Error {}

interface UserRow {
  id: string;
  name: string;
  surname: string;
  email: string;
  rol: string;
  specialty: string | null;
  is_active: boolean;
  created_at: Date;
}

interface AppointmentRow {
  id: string;
  patient_id: string;
  p_name: string;
  p_surname: string;
  doctor_id: string;
  d_name: string;
  d_surname: string;
  specialty: string | null;
  starts_at: string;
  ends_at: string;
  status: string;
  reason: string | null;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
  total: number;
}

async function principal(authorization: string | undefined): Promise<{ id: string }> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const header = token
    ? (jwt.decode(token, { complete: true })?.header as { kid?: string } | undefined)
    : undefined;
  if (!token || header?.kid !== kid) {
    throw new Unauthorized();
  }
  const claims = jwt.verify(token, key, {
    algorithms: ['HS256'],
    issuer: 'vitalis',
    audience: 'vitalis-api',
  }) as {
    sub: string;
    sid: string;
  };
  const { rows } = await pool.query<{ ok: boolean | null }>(
    `SELECT u.is_active AND u.deleted_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now() AS ok
       FROM users u JOIN sessions s ON s.id = $2 AND s.user_id = u.id WHERE u.id = $1`,
    [claims.sub, claims.sid],
  );
  if (!rows[0]?.ok) {
    throw new Unauthorized();
  }
  return { id: claims.sub };
}

app.setErrorHandler((error, _request, reply) =>
  error instanceof Unauthorized || error instanceof jwt.JsonWebTokenError
    ? reply.code(401).send({ statusCode: 401 })
    : reply.code(500).send({ statusCode: 500 }),
);

app.get('/health', () => ({ status: 'ok' }));

app.get('/auth/me', async (request) => {
  const me = await principal(request.headers.authorization);
  const { rows } = await pool.query<UserRow>(
    `SELECT id, name, surname, email, rol, specialty, is_active, created_at FROM users WHERE id = $1`,
    [me.id],
  );
  const user = rows[0];
  return {
    id: user.id,
    name: user.name,
    surname: user.surname,
    email: user.email,
    rol: user.rol,
    specialty: user.specialty,
    isActive: user.is_active,
    createdAt: user.created_at,
  };
});

app.get('/api/appointments', async (request) => {
  const me = await principal(request.headers.authorization);
  const { rows } = await pool.query<AppointmentRow>(
    `SELECT a.id, a.patient_id, p.name AS p_name, p.surname AS p_surname, a.doctor_id, d.name AS d_name,
            d.surname AS d_surname, d.specialty, ${iso('a.starts_at')} AS starts_at, ${iso('a.ends_at')} AS ends_at,
            a.status, a.reason, a.cancel_reason, ${iso('a.created_at')} AS created_at,
            ${iso('a.updated_at')} AS updated_at, count(*) OVER ()::int AS total
       FROM appointments a JOIN users p ON p.id = a.patient_id JOIN users d ON d.id = a.doctor_id
      WHERE a.patient_id = $1 ORDER BY a.starts_at, a.id LIMIT 20`,
    [me.id],
  );
  return {
    data: rows.map((row) => ({
      id: row.id,
      patient: { id: row.patient_id, name: row.p_name, surname: row.p_surname },
      doctor: { id: row.doctor_id, name: row.d_name, surname: row.d_surname, specialty: row.specialty },
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      status: row.status,
      reason: row.reason,
      cancelReason: row.cancel_reason,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
    meta: { page: 1, limit: 20, total: rows[0]?.total ?? 0 },
  };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
