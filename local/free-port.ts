import { createServer } from "node:net";

/**
 * A port the OS just handed out on 127.0.0.1. For children that cannot listen on port 0 and report
 * back (DynamoDB Local): there is a small window in which another process could take it, so callers
 * that spawn on it retry on "address in use".
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}
