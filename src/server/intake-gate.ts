/** Lets shutdown stop new webhooks (503 + Retry-After) while in-flight requests finish. */
export interface IntakeGate {
  readonly open: boolean;
  close(): void;
}

export function createIntakeGate(): IntakeGate {
  let open = true;
  return {
    get open() {
      return open;
    },
    close() {
      open = false;
    },
  };
}
