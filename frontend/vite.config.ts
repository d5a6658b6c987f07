import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// `vite` (dev server) has no local runtime in front of it: answer /config.json like `npm start` does,
// so the bundle itself never carries configuration (on AWS the deploy writes config.json).
function devConfigJson(): Plugin {
  return {
    name: "dev-config-json",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ auth: { kind: "dev" } }));
      });
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), devConfigJson()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    // The API runs under `npm start`; the dev server forwards /api to it.
    proxy: { "/api": process.env.API_ORIGIN ?? "http://127.0.0.1:3000" },
  },
});
