import type TestAgent from 'supertest/lib/agent.js';
import type { LoggedIn } from './helpers.js';

/** An entry of GET /api/audit-events. */
export interface AuditEvent {
  id: string;
  type: string;
  actorId: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}

/** The audit trail as an admin reads it: the newest 100 events matching `query` (e.g. `userId=…&type=…`). */
export async function auditEvents(http: TestAgent, admin: LoggedIn, query: string): Promise<AuditEvent[]> {
  const response = await http.get(`/api/audit-events?limit=100&${query}`).set(admin.auth).expect(200);
  return response.body.data as AuditEvent[];
}
