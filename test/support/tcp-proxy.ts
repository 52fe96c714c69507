import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut (connections reset, new ones refused), stall
 * (connections accepted and kept, bytes held back) and restore.
 */
export class TcpProxy {
  private mode: 'up' | 'down' | 'stalled' = 'up';
  private readonly links = new Set<{ client: Socket; upstream: Socket | null }>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Every connection reset, every new one refused: the server is gone. */
  cut(): void {
    this.mode = 'down';
    for (const link of this.links) {
      link.client.destroy();
      link.upstream?.destroy();
    }
    this.links.clear();
  }

  /** Connections stay open but nothing moves: a stalled server or network. */
  stall(): void {
    this.mode = 'stalled';
    for (const { client, upstream } of this.links) {
      if (upstream) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    }
  }

  restore(): void {
    this.mode = 'up';
    for (const link of this.links) {
      if (link.upstream) {
        link.client.pipe(link.upstream);
        link.upstream.pipe(link.client);
      } else {
        this.link(link);
      }
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    client.on('error', () => client.destroy());
    if (this.mode === 'down') {
      client.destroy();
      return;
    }
    const link = { client, upstream: null as Socket | null };
    this.links.add(link);
    client.on('close', () => {
      link.upstream?.destroy();
      this.links.delete(link);
    });
    if (this.mode === 'up') {
      this.link(link);
    } else {
      client.pause();
    }
  }

  private link(link: { client: Socket; upstream: Socket | null }): void {
    const upstream = connect(this.target.port, this.target.host);
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => link.client.destroy());
    link.upstream = upstream;
    link.client.pipe(upstream);
    upstream.pipe(link.client);
  }
}
