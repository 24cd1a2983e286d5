import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { routeTemplate } from '../http/route-template';

const LABELS = ['method', 'route', 'status'] as const;

/** The app's Prometheus registry: process metrics plus a count and a duration histogram of requests. */
@Injectable()
export class MetricsService {
  // One registry per app rather than prom-client's global one: several apps in one process (the
  // tests) would otherwise register the same metric twice.
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: LABELS,
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route template and status',
    labelNames: LABELS,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records every request once it is answered, with Fastify's own measure of its duration. */
  observe(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = { method: request.method, route: routeTemplate(request), status: String(reply.statusCode) };
      this.durations.observe(labels, reply.elapsedTime / 1000);
      this.requests.inc(labels);
      done();
    });
  }
}
