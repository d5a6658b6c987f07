import { Logger } from "@aws-lambda-powertools/logger";

// Structured JSON logs. Never log bodies, tokens, e-mails or ID numbers: only ids, routes and outcomes.
export const logger = new Logger({
  serviceName: "sandbox-registry",
  logLevel: (process.env.LOG_LEVEL as "INFO" | "DEBUG" | "WARN" | "ERROR" | "SILENT" | undefined) ?? "INFO",
});
