import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** Who is on the other end of the current request or socket event: for sessions, audit events and logs. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  /** The request's id (x-request-id), on every line logged while it is handled. */
  requestId?: string;
  /** The logger of the app handling it: a line said through another app's Nest logger still goes to this one. */
  log?: Logger;
}

const storage = new AsyncLocalStorage<RequestContext>();
const NONE: RequestContext = { ip: null, userAgent: null };

/** Runs `fn` with this context; everything it awaits sees it. */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext {
  return storage.getStore() ?? NONE;
}
