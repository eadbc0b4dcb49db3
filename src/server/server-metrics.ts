import { Counter, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of one server, in a registry of its own (so several servers in one process do not mix). */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route' | 'status'>;
  readonly policyDenials: Counter<'route'>;
}

/** Creates the request counter, the latency histogram and the policy-denial counter. */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'meshwork_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'meshwork_http_request_duration_seconds',
      help: 'HTTP request latency in seconds, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    policyDenials: new Counter({
      name: 'meshwork_policy_denials_total',
      help: 'Requests refused by a policy or a missing grant, by route',
      labelNames: ['route'],
      registers: [registry],
    }),
  };
}
