// Load test of a running API: requests per second and latency percentiles of GET /status and GET /items.
// Usage: node bench/run.mjs <base-url> [seconds] [connections]   (scripts/bench-api.sh runs it on the stack)
// It measures; it asserts nothing: figures depend on the machine.
import autocannon from 'autocannon';

const [baseUrl = 'http://127.0.0.1:3000', seconds = '10', connections = '10'] = process.argv.slice(2);
const ROUTES = ['/status', '/items'];

console.log(`bench: ${baseUrl}, ${seconds} s a route, ${connections} connections, after a 2 s warm-up`);
console.log('route       req/s    p50 ms   p99 ms   requests   non-2xx   errors');
for (const route of ROUTES) {
  const result = await autocannon({
    url: `${baseUrl}${route}`,
    duration: Number(seconds),
    connections: Number(connections),
    // Let the JIT and the database pool settle before measuring.
    warmup: { duration: 2, connections: Number(connections) },
  });
  const cells = [
    route.padEnd(8),
    result.requests.average.toFixed(0).padStart(8),
    String(result.latency.p50).padStart(9),
    String(result.latency.p99).padStart(8),
    String(result.requests.total).padStart(10),
    String(result.non2xx).padStart(9),
    String(result.errors + result.timeouts).padStart(8),
  ];
  console.log(cells.join(' '));
  if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
}
