import { AsyncLocalStorage } from 'node:async_hooks';
import type { HttpLogger } from 'pino-http';
import type { Logger } from 'pino';

/** The app's pino-http instance (one per app): the request middleware, and through `.logger` the root logger. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');
export type { HttpLogger };

/**
 * The logger of the request being handled (pino-http's child of the root, bound to the request id), for every log
 * call made on its behalf, however deep. One store for the process: Nest's static `Logger` goes to the last app's
 * AppLogger, and a line said during another app's request still belongs to that request.
 */
export const requestLogger = new AsyncLocalStorage<Logger>();
