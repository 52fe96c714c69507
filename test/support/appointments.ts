import type TestAgent from 'supertest/lib/agent.js';
import { inHours, plusMinutes } from './clock.js';
import { doctor, patient, type LoggedIn } from './helpers.js';

/** POST /api/appointments as `who`. */
export function book(http: TestAgent, who: LoggedIn, body: Record<string, unknown>) {
  return http.post('/api/appointments').set(who.auth).send(body);
}

/** A new doctor (made by `boss`, no working hours), a new patient, and their booking `hoursAhead` from now. */
export async function booked(http: TestAgent, boss: LoggedIn, minutes = 30, hoursAhead = 48) {
  const doc = await doctor(http, boss);
  const me = await patient(http);
  const startsAt = inHours(hoursAhead);
  const response = await book(http, me, {
    doctorId: doc.id,
    startsAt,
    endsAt: plusMinutes(startsAt, minutes),
    reason: 'Revisión',
  }).expect(201);
  return { doc, me, startsAt, appointment: response.body };
}
