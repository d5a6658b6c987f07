import { dynamo } from "../../lambdas/store/clients.ts";

/**
 * Runs `fn` and answers what it returned with the DynamoDB requests the handlers' client sent
 * meanwhile, by command name (without "Command"), in order. For tests that pin round trips.
 */
export async function dynamoRequestsOf<T>(fn: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const name = `countRequests-${Math.random().toString(36).slice(2)}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      sent.push((context.commandName ?? "").replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return { result: await fn(), sent };
  } finally {
    dynamo().middlewareStack.remove(name);
  }
}
