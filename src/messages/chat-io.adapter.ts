import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type Namespace, Server, type ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { connectError } from './connect-error.js';
import { originAllowed } from './socket-auth.js';

type AdapterFactory = Parameters<Server['adapter']>[0];

/** Room for a 2000-character message, however it is escaped, and little more. */
const MAX_SOCKET_PAYLOAD_BYTES = 32 * 1024;

/**
 * Socket.IO on the HTTP server's port, with the checks that belong to the handshake (Origin) and the adapter
 * that fans messages out across instances: Redis when REDIS_URL is set, else PostgreSQL (LISTEN/NOTIFY) when
 * DATABASE_URL is, else in memory (the embedded database serves one instance).
 */
export class ChatIoAdapter extends IoAdapter {
  private readonly chatLogger = new Logger('Chat');
  private clusterAdapter: AdapterFactory | null = null;
  private closeBroker: (() => Promise<void>) | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /** Connects to the broker before the gateway starts, so no message of the first second goes astray. */
  async connectBroker(): Promise<void> {
    const onError = (error: Error): void => this.chatLogger.warn(`socket adapter: ${error.message}`);
    // Each adapter is loaded only when configured: the Redis packages cost every start a quarter of a second.
    if (this.config.redisUrl) {
      const [{ createClient }, { createAdapter: createRedisAdapter }] = await Promise.all([
        import('redis'),
        import('@socket.io/redis-adapter'),
      ]);
      const publisher = createClient({ url: this.config.redisUrl });
      const subscriber = publisher.duplicate();
      publisher.on('error', onError);
      subscriber.on('error', onError);
      await Promise.all([publisher.connect(), subscriber.connect()]);
      // Its channels start with REDIS_PREFIX: pub/sub ignores the database index, and without it two deployments
      // on one Redis server would hear each other's messages.
      this.clusterAdapter = createRedisAdapter(publisher, subscriber, {
        key: `${this.config.redisPrefix}:socket.io`,
      }) as AdapterFactory;
      this.closeBroker = async () => {
        await Promise.all([publisher.close(), subscriber.close()]);
      };
    } else if (this.config.databaseUrl) {
      const { createAdapter: createPostgresAdapter } = await import('@socket.io/postgres-adapter');
      // Its own small pool: one connection stays in LISTEN, the other sends NOTIFY.
      const pool = new pg.Pool({
        connectionString: this.config.databaseUrl,
        max: 2,
        connectionTimeoutMillis: this.config.dbConnectTimeoutMs,
      });
      pool.on('error', onError);
      // The adapter keeps one connection checked out for LISTEN and gives it no error listener: without one, a
      // database that goes away would crash the process instead of being reconnected to. Nor does it give that
      // connection back once it has ended: still counted against `max`, the dead one would leave NOTIFY no
      // connection after the adapter takes a new one to LISTEN, and no message would cross instances again.
      const checkedOut = new Set<pg.PoolClient>();
      pool.on('acquire', (client) => checkedOut.add(client));
      pool.on('release', (_error, client) => checkedOut.delete(client));
      pool.on('connect', (client) => {
        client.on('error', onError);
        client.on('end', () => {
          if (checkedOut.has(client)) {
            client.release(new Error('connection ended'));
          }
        });
      });
      const listening = once(pool, 'acquire');
      this.clusterAdapter = createPostgresAdapter(pool, { errorHandler: onError }) as AdapterFactory;
      // The adapter takes its LISTEN connection in the background; one it took after a close would be held
      // for ever and pool.end() would never return. So wait for it, and never wait long for the end.
      await Promise.race([listening, sleep(this.config.dbConnectTimeoutMs, undefined, { ref: false })]);
      this.closeBroker = () =>
        Promise.race([pool.end(), sleep(this.config.dbConnectTimeoutMs, undefined, { ref: false })]);
    }
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const { corsOrigins } = this.config;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      cors: corsOrigins.length > 0 ? { origin: corsOrigins, credentials: true } : undefined,
      allowRequest: (request, callback) =>
        callback(null, originAllowed(request.headers.origin, request.headers.host, corsOrigins)),
    } as ServerOptions);
    if (this.clusterAdapter) {
      server.adapter(this.clusterAdapter);
    }
    // Only /chat authenticates and serves; nobody may sit in the main namespace.
    server.use((socket, next) => next(connectError('NOT_FOUND', socket, this.config.defaultLocale)));
    return server;
  }

  /**
   * What Socket.IO's own close() does, but the HTTP server's close: that server is Fastify's, and waiting for it here
   * (IoAdapter does) means waiting for every kept-alive connection to end before Fastify's close, which ends them,
   * ever runs. The clients' transports close (they see `transport close` and reconnect, to another instance); Fastify
   * closes the server after. A namespace is closed with its server.
   */
  override async close(server: Server | Namespace): Promise<void> {
    if (!(server instanceof Server)) {
      return;
    }
    server.engine.close();
    await Promise.allSettled([...server._nsps.values()].map(async (namespace) => namespace.adapter.close()));
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.closeBroker?.();
    this.closeBroker = null;
  }
}
