import { mkdirSync } from "node:fs";
import S3rver from "s3rver";
import { corsXml } from "./s3-cors.ts";

// s3rver in-process: a Koa app on its own http server. It listens on port 0 itself, so unlike
// DynamoDB Local there is no window in which the port could be taken.

export interface S3LocalOptions {
  /** Where objects live (created if missing). */
  directory: string;
  /** Buckets to create (with the local CORS rule) before the server answers. */
  buckets?: readonly string[];
  port?: number;
}

export interface S3Local {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: HOST,
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    // Path-style only: the SDK clients use forcePathStyle and the endpoint is an IP address.
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [corsXml()] })),
  });
  const address = await server.run();
  const port = address.port;

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${HOST}:${port}`,
    port,
    stop() {
      // Keep-alive sockets from SDK clients would hold close() open until they time out.
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close().then(resolve, reject);
        server.httpServer?.closeAllConnections();
      });
      return stopping;
    },
  };
}
