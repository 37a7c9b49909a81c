import net from "node:net";

export type StatementCounter = {
  /** A connection string like `databaseUrl`'s that goes through the counter. */
  url: string;
  /** The SQL of every statement sent so far, in order (one entry per simple Query or Execute). */
  statements: () => string[];
  /** Forgets what was counted so far. */
  reset: () => void;
  close: () => Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * A TCP relay in front of Postgres that reads the wire protocol the client sends and records each
 * statement it runs: a simple Query ('Q'), or an Execute ('E') of the extended protocol with the
 * SQL of the statement parsed before it. A server process pointed at it shows how many statements
 * one request costs, whatever library sends them (Prisma, Better Auth's adapter, pg), without any
 * hook in the app. The server's answers are relayed untouched.
 */
export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const upstream = new URL(databaseUrl);
  let seen: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(server);
    let started = false;
    let pending = Buffer.alloc(0);
    let lastParsed = "";
    client.on("data", (chunk) => {
      server.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          // SSL and GSS requests come before the real startup message; anything else is the startup.
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const type = String.fromCharCode(pending[0]);
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const body = pending.subarray(5, 1 + length);
        if (type === "Q") seen.push(body.subarray(0, body.indexOf(0)).toString("utf8"));
        if (type === "P") {
          const nameEnd = body.indexOf(0);
          lastParsed = body.subarray(nameEnd + 1, body.indexOf(0, nameEnd + 1)).toString("utf8");
        }
        if (type === "E") seen.push(lastParsed);
        pending = pending.subarray(1 + length);
      }
    });
    server.on("data", (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on("close", end).on("error", end);
    server.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    statements: () => [...seen],
    reset: () => {
      seen = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
