import { createServer, type Server, type Socket, connect } from 'node:net';

interface Link {
  client: Socket;
  upstream: Socket | null;
  /** What the client sent since its connection was stalled by `stallQuery`: delivered on restore. */
  held: Buffer[] | null;
}

/**
 * A TCP proxy in front of PostgreSQL that a test can cut (connections reset, new ones refused), stall
 * (connections accepted and kept, bytes held back), stall one query on one connection, and restore.
 */
export class TcpProxy {
  private mode: 'up' | 'down' | 'stalled' = 'up';
  private readonly links = new Set<Link>();
  private trap: Buffer | null = null;

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

  /** A proxy in front of the server of `databaseUrl`, and that URL as it reads through the proxy. */
  static async inFrontOf(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(databaseUrl);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(databaseUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    return { proxy, url: viaProxy.toString() };
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
      client.pause();
      if (upstream) {
        upstream.unpipe(client);
        upstream.pause();
      }
    }
  }

  /**
   * The next message a client sends that contains `text` is held back, with everything after it on that one
   * connection, until `restore()`: one query stalled mid-transaction while every other connection flows.
   */
  stallQuery(text: string): void {
    this.trap = Buffer.from(text);
  }

  restore(): void {
    const wasStalled = this.mode === 'stalled';
    this.mode = 'up';
    this.trap = null;
    for (const link of this.links) {
      if (link.upstream) {
        for (const chunk of link.held ?? []) {
          link.upstream.write(chunk);
        }
        link.held = null;
        if (wasStalled) {
          link.upstream.pipe(link.client);
        }
        link.client.resume();
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
    const link: Link = { client, upstream: null, held: null };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => this.forward(link, chunk));
    client.on('end', () => link.upstream?.end());
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

  /** Client to server by hand (not piped), so that one connection's bytes can be held back. */
  private forward(link: Link, chunk: Buffer): void {
    if (!link.held && this.trap && chunk.includes(this.trap)) {
      this.trap = null;
      link.held = [];
    }
    if (link.held) {
      link.held.push(chunk);
      return;
    }
    link.upstream?.write(chunk);
  }

  private link(link: Link): void {
    const upstream = connect(this.target.port, this.target.host);
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => link.client.destroy());
    link.upstream = upstream;
    upstream.pipe(link.client);
    link.client.resume();
  }
}
