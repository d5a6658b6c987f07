import { createContext, useContext } from "react";
import type { AppConfig } from "./config.ts";

export const ConfigContext = createContext<AppConfig>({ auth: { kind: "dev" } });
export const useConfig = () => useContext(ConfigContext);
