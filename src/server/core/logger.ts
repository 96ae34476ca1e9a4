/** The slice of a pino logger the Core clients use; a pino Logger satisfies it. */
export interface CoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Optional metrics sink; the server wires prom-client behind it. Routes are templates. */
export interface CoreMetrics {
  observeCall(method: string, route: string, status: string, seconds: number): void;
  countError(kind: string): void;
}
