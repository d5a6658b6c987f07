import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { loadConfig } from "./config.ts";
import { ConfigContext } from "./config-context.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <ConfigContext.Provider value={config}>
          <App />
        </ConfigContext.Provider>
      </StrictMode>,
    ),
  (error: Error) =>
    root.render(
      <main id="main" className="boot-error">
        <h1>The registry could not start</h1>
        <p role="alert">Its configuration could not be loaded ({error.message}). Please reload the page in a moment.</p>
      </main>,
    ),
);
