import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy between the app and a database server, for simulating a server restart without touching the
 * real one (other suites use it): `outage()` drops every connection and refuses new ones until `recover()`.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  #port = 0;
  /** Connections dropped by outages, for the figure. */
  dropped = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.#listen(0);
    return proxy;
  }

  get port(): number {
    return this.#port;
  }

  /** Drops every open connection and stops listening: new connections are refused. */
  async outage(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.#sockets) {
      socket.destroy();
      this.dropped += 1;
    }
    this.#sockets.clear();
    await closed;
  }

  /** Listens again on the same port. */
  async recover(): Promise<void> {
    await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    await this.outage();
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      this.#sockets.add(client);
      this.#sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    this.#port = typeof address === "object" && address ? address.port : port;
    this.#server = server;
  }
}
