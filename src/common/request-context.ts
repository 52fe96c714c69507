import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is on the other end of the current request or socket event: for audit events and logs. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with this context; everything it awaits sees it. */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext {
  return storage.getStore() ?? { ip: null, userAgent: null };
}
