import { useState } from "react";
import { Alert } from "./async.tsx";

// A one-time success message carried across a navigation ("Application submitted").
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function Flash() {
  const [message] = useState(() => {
    const m = pending;
    pending = null;
    return m;
  });
  return message ? <Alert kind="success">{message}</Alert> : null;
}
