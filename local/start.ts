import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startDynamoLocal, type DynamoLocal } from "./dynamodb-local.ts";
import { startS3Local, type S3Local } from "./s3-local.ts";
import { startMailDev, type MailDev } from "./maildev.ts";
import { provision } from "./provision.ts";
import { PROJECT_ROOT } from "./paths.ts";
import type { Gateway } from "./gateway.ts";
import type { Jobs } from "./jobs.ts";
import { handlerEnv } from "./handler-env.ts";
import { sequencerKeyFile } from "./sequencer-loop.ts";
import { loadOrCreateCursorKey } from "./cursor-key.ts";

// `npm start`: DynamoDB Local + s3rver on DATA_DIR, the dev gateway (with the audit sequencer loop)
// on PORT, scheduled jobs on timers. Everything the handlers need is in process.env before any handler module is imported.

const dataDir = resolve(PROJECT_ROOT, process.env.DATA_DIR || ".data");
const port = parsePort(process.env.PORT ?? "3000");
const seed = process.env.SEED !== "none";
const seededMarker = join(dataDir, "seeded");

let dynamo: DynamoLocal | undefined;
let s3: S3Local | undefined;
let mail: MailDev | undefined;
let gateway: Gateway | undefined;
let jobs: Jobs | undefined;
let shuttingDown: Promise<void> | undefined;

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  [dynamo, s3, mail] = await Promise.all([
    startDynamoLocal({ dbPath: join(dataDir, "dynamodb") }),
    startS3Local({ directory: join(dataDir, "s3") }),
    startMailDev({ webPort: parsePort(process.env.MAILDEV_PORT ?? "1080") }),
  ]);
  // Tests and curious humans use these lines to find the runtime, the emulators and the JVM.
  console.log(`runtime: pid ${process.pid}, data in ${dataDir}`);
  console.log(`dynamodb local: ${dynamo.endpoint} (pid ${dynamo.pid})`);
  console.log(`s3 local: ${s3.endpoint}`);
  console.log(`mail: ${mail.url} (smtp 127.0.0.1:${mail.smtpPort}, pid ${mail.pid})`);

  const target = {
    region: process.env.AWS_REGION || "us-east-1",
    tableName: process.env.TABLE_NAME || "sandbox-registry",
    documentsBucket: process.env.DOCUMENTS_BUCKET || "sandbox-registry-documents",
    checkpointBucket: process.env.CHECKPOINT_BUCKET || "sandbox-registry-checkpoints",
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
  };
  Object.assign(process.env, handlerEnv(target), { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(mail.smtpPort) });
  // The sequencer loop (in the gateway) and the audit-sequencer job sign with the key in DATA_DIR.
  process.env.AUDIT_KEY_FILE = sequencerKeyFile(dataDir);
  process.env.CURSOR_KEY ||= loadOrCreateCursorKey(join(dataDir, "cursor-key"));
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  await provision(target);
  if (seed && !existsSync(seededMarker)) {
    const { seedDemo } = await import("./seed-data.ts");
    await seedDemo();
    writeFileSync(seededMarker, `${new Date().toISOString()}\n`);
    console.log("seeded the demo data");
  }

  // Imported only now: these load handler modules, which read process.env on first use.
  const { startGateway } = await import("./gateway.ts");
  const { startJobs } = await import("./jobs.ts");
  jobs = startJobs();
  const scheduled = jobs;
  gateway = await startGateway({ port, host: "127.0.0.1", dataDir, runJob: (id) => scheduled.trigger(id) });
  // Links in mail point at this runtime's web app.
  process.env.SITE_URL ??= gateway.url;

  printTokenHelp(gateway.url);
  console.log(`listening on ${gateway.url}`);
}

function printTokenHelp(url: string): void {
  const personas = [
    { sub: "applicant-a", groups: ["applicant"], email: "a@firm-a.example", name: "Applicant A" },
    { sub: "reviewer-1", groups: ["reviewer"] },
    { sub: "admin-1", groups: ["admin"] },
    { sub: "auditor-1", groups: ["auditor"] },
  ];
  console.log("\nDemo tokens (dev issuer, local only):");
  for (const p of personas) {
    console.log(`  curl -s -X POST ${url}/api/dev/token -H 'content-type: application/json' -d '${JSON.stringify(p)}'`);
  }
  console.log(`then: curl -H "Authorization: Bearer <access_token>" ${url}/api/applications\n`);
}

/** Server first (no new requests), then timers, then the emulators the handlers were using. */
function shutdown(signal: string): Promise<void> {
  shuttingDown ??= (async () => {
    console.log(`${signal}: shutting down`);
    const results = await Promise.allSettled([gateway?.close(), jobs?.stop()]);
    results.push(...(await Promise.allSettled([s3?.stop(), dynamo?.stop(), mail?.stop()])));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    for (const f of failed) console.error("shutdown step failed:", f.reason);
    if (failed.length === 0) console.log("stopped");
    process.exit(failed.length === 0 ? 0 : 1);
  })();
  return shuttingDown;
}

function parsePort(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`PORT must be an integer 0..65535, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

// A second signal while stopping is ignored rather than forcing an exit: `npx`/`tsx` relay the
// terminal's Ctrl-C to us as well, so one keypress can arrive twice, and a forced exit would leave
// the JVM to the exit hook instead of a clean stop.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

main().catch(async (error) => {
  console.error("could not start:", error instanceof Error ? error.message : error);
  await Promise.allSettled([gateway?.close(), jobs?.stop(), s3?.stop(), dynamo?.stop(), mail?.stop()]);
  process.exit(1);
});
