// The table of make bench, from the JSON lines scripts/bench.sh collected (one a measure: route, via,
// round, wrk's figures, the serving container's CPU time). Medians over the rounds; ratios of those.
//   node bench/report.mjs <results.jsonl>
import { readFileSync } from 'node:fs';

const ROUTES = ['GET /items', 'GET /items, a page at the end', 'GET /items/:id', 'POST /items'];
const VIAS = ['api', 'front', 'twin'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const runs = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const figures = new Map();
for (const route of ROUTES) {
  for (const via of VIAS) {
    const mine = runs.filter((run) => run.route === route && run.via === via);
    if (mine.length === 0) continue;
    figures.set(`${route} ${via}`, {
      rps: median(mine.map((run) => run.requests / run.seconds)),
      p50: median(mine.map((run) => run.p50)),
      p99: median(mine.map((run) => run.p99)),
      cpu: median(mine.map((run) => run.cpuNs / 1000 / run.requests)),
      failed: mine.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
      requests: mine.reduce((sum, run) => sum + run.requests, 0),
    });
  }
}

const ratio = (a, b) => (a && b ? `${(a.rps / b.rps).toFixed(2)}` : '');
const columns = ['route', 'via', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', '× twin', '× api', 'failed'];
const widths = [30, 6, 8, 8, 8, 11, 7, 6, 7];
const row = (cells) => cells.map((cell, i) => String(cell)[i < 2 ? 'padEnd' : 'padStart'](widths[i])).join(' ');

console.log(row(columns));
for (const route of ROUTES) {
  VIAS.forEach((via, index) => {
    const f = figures.get(`${route} ${via}`);
    if (!f) return;
    const twin = figures.get(`${route} twin`);
    const api = figures.get(`${route} api`);
    console.log(
      row([
        index === 0 ? route : '',
        via,
        f.rps.toFixed(0),
        f.p50.toFixed(2),
        f.p99.toFixed(2),
        f.cpu.toFixed(0),
        via === 'twin' ? '' : ratio(f, twin),
        via === 'front' ? ratio(f, api) : '',
        f.failed,
      ]),
    );
  });
}
const endOverFirst = VIAS.map((via) => {
  const [first, end] = [figures.get(`GET /items ${via}`), figures.get(`GET /items, a page at the end ${via}`)];
  return first && end ? `${via} ${ratio(end, first)}` : '';
}).filter(Boolean);
console.log(`A page at the end ÷ the first page (req/s): ${endOverFirst.join(', ')}`);
// A few failures in thousands (nginx's 502 when a new connection to the api fails under load) are
// noted in the table; more, and the figures measure the failures rather than the route.
if ([...figures.values()].some((f) => f.failed > f.requests / 1000)) {
  console.log('WARNING: over 0.1 % of some requests failed (see the failed column): those figures are not valid.');
}
console.log(
  'Medians of the rounds. CPU: the serving Node container (the api for api and front, the twin for twin), ' +
    'per request. failed: connection errors and non-2xx answers, all rounds.',
);
