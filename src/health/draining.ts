import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a connection kept alive from before a stop may still bring a request already on its way. */
export const IDLE_GRACE_MS = 1000;

/**
 * A stop (SIGTERM, app.close()) that loses no request. From its first moment readiness answers 503, the server
 * takes no new connection and every answer says `Connection: close` (app.factory.ts), so a kept-alive client
 * sends nothing more here and reconnects, to another instance. Fastify's close then drops the idle connections
 * and waits for the requests in flight.
 */
@Injectable()
export class Draining implements BeforeApplicationShutdown {
  private started = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  get active(): boolean {
    return this.started;
  }

  beforeApplicationShutdown(): void {
    this.started = true;
    const server = this.server();
    // An application context (`npm run seed`) has no HTTP server to stop.
    if (server?.listening) {
      // net's close, not http's: http's also drops the idle connections at once, and with them the request a
      // client may have just sent on one, unread yet. Fastify's close (http's) drops them after settle().
      NetServer.prototype.close.call(server);
    }
  }

  /**
   * Before Fastify drops the idle connections: until every connection has closed (each got its answer with
   * `Connection: close`), or for IDLE_GRACE_MS at most, for those idle since before the stop.
   */
  async settle(): Promise<void> {
    const server = this.server();
    if (!server) {
      return;
    }
    const open = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
    if (open === 0) {
      return;
    }
    // A server that has stopped listening emits 'close' once its last connection has gone.
    const done = new AbortController();
    await Promise.race([
      once(server, 'close', { signal: done.signal }),
      sleep(IDLE_GRACE_MS, undefined, { signal: done.signal }),
    ]).finally(() => done.abort());
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
