// Measures whether DynamoDB Local keeps acknowledged writes when killed with SIGKILL vs SIGTERM.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { startDynamoLocal } from "/work/wt-harden/local/dynamodb-local.ts";

const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });

async function run(signal: "SIGKILL" | "SIGTERM") {
  const dir = mkdtempSync(join(tmpdir(), "ddb-dur-"));
  const db = await startDynamoLocal({ dbPath: dir });
  const c = client(db.endpoint);
  await c.send(new CreateTableCommand({ TableName: "t", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }));
  let acked = 0;
  const workers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; i < 40; i++) {
      await c.send(new PutItemCommand({ TableName: "t", Item: { pk: { S: `${w}-${i}` } } }));
      acked++;
    }
  });
  await Promise.all(workers);
  process.kill(-db.pid, signal);
  const start = Date.now();
  while (Date.now() - start < 15000) { try { process.kill(-db.pid, 0); await new Promise(r => setTimeout(r, 50)); } catch { break; } }
  try { process.kill(-db.pid, "SIGKILL"); } catch {}
  c.destroy();
  const db2 = await startDynamoLocal({ dbPath: dir });
  const c2 = client(db2.endpoint);
  let count = 0; let start2: any;
  do { const out = await c2.send(new ScanCommand({ TableName: "t", ExclusiveStartKey: start2 })); count += out.Count ?? 0; start2 = out.LastEvaluatedKey; } while (start2);
  await db2.stop(); c2.destroy();
  rmSync(dir, { recursive: true, force: true });
  console.log(`${signal}: acked ${acked}, found after restart ${count}, lost ${acked - count}`);
}
for (const s of ["SIGKILL", "SIGKILL", "SIGKILL", "SIGTERM", "SIGTERM", "SIGTERM"] as const) await run(s);
