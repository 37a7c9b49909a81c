// autocannon ships no type declarations; this declares the part of its API the load run uses
// (see node_modules/autocannon/README.md, "API").
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type AutocannonRequest = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  };

  /** One keep-alive connection; it loops over its list of requests. */
  export interface AutocannonClient extends EventEmitter {
    setRequests(requests: AutocannonRequest[]): void;
  }

  export type AutocannonOptions = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out and its connection is reset. */
    timeout?: number;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
    /** Called once per connection before its first request. */
    setupClient?: (client: AutocannonClient) => void;
    /** A response body for which this returns false counts as a mismatch. */
    verifyBody?: (body: string) => boolean;
  };

  export type Histogram = { min: number; max: number; average: number; p50: number; p90: number; p99: number };

  export type AutocannonResult = {
    duration: number;
    latency: Histogram;
    requests: Histogram & { total: number; sent: number };
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  };

  export interface AutocannonInstance extends EventEmitter {
    stop(): void;
    on(event: "response", listener: (client: AutocannonClient, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: "reqError", listener: (error: Error) => void): this;
  }

  function autocannon(options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void): AutocannonInstance;
  export default autocannon;
}
