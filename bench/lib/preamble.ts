// Imported first by bench/run.ts, so it runs before any module that reads the environment at import
// time (the Powertools logger reads LOG_LEVEL when lambdas/middleware/logger.ts is first evaluated):
// handler logs would otherwise interleave with the Markdown table on stdout.
process.env.LOG_LEVEL ??= "SILENT";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
