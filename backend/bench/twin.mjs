// The floor the API is measured against: node:http and pg, nothing else, serving the benchmarked
// routes with the API's own statements (dist/items/item-sql.js), cursors and pages, on a pool of the
// same size and settings (dist/config/config.js reads the same environment). Whatever the API spends
// beyond this is the framework's: routing, validation, errors, request ids, logs, metrics, headers.
//   node bench/twin.mjs   (in the API image, beside dist/: scripts/bench.sh runs it as a service)
// It answers GET /items (limit, q, cursor), GET /items/:id and POST /items, without validation.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../dist/config/config.js');
const { ItemSql } = require('../dist/items/item-sql.js');
const { decodeCursor } = require('../dist/items/item-cursor.js');
const { pageOf } = require('../dist/items/item-page.js');

const { port, database: db } = loadConfig();
const pool = new pg.Pool({
  host: db.host,
  port: db.port,
  database: db.name,
  user: db.user,
  password: db.password,
  max: db.poolSize,
  connectionTimeoutMillis: db.connectTimeoutMs,
  statement_timeout: db.statementTimeoutMs,
  application_name: 'bench-twin',
});
pool.on('error', () => {}); // a broken idle connection is dropped by the pool
const sql = new ItemSql(db.schema);

const rows = async (statement) => (await pool.query(statement)).rows;

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function page(params) {
  const cursor = params.get('cursor');
  const query = {
    limit: Number(params.get('limit') ?? 20),
    q: params.get('q') || undefined,
    cursor: cursor === null ? undefined : decodeCursor(cursor),
  };
  return pageOf(await rows(sql.page(query)), query) ?? page(new URLSearchParams({ limit: String(query.limit) }));
}

async function answer(req, res) {
  const url = new URL(req.url, 'http://twin');
  const id = /^\/items\/(\d+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && url.pathname === '/items') return send(res, 200, await page(url.searchParams));
  if (req.method === 'GET' && id) {
    const [item] = await rows(sql.byId(Number(id)));
    return item ? send(res, 200, item) : send(res, 404, { statusCode: 404 });
  }
  if (req.method === 'POST' && url.pathname === '/items') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const { name, description = null } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const [item] = await rows(sql.insert(name, description));
    res.setHeader('Location', `/items/${item.id}`);
    return send(res, 201, item);
  }
  if (req.method === 'GET' && url.pathname === '/status/live') return send(res, 200, { status: 'ok' });
  send(res, 404, { statusCode: 404 });
}

createServer((req, res) => answer(req, res).catch(() => send(res, 500, { statusCode: 500 }))).listen(
  port,
  '0.0.0.0',
  () => console.log(`twin: listening on 0.0.0.0:${port}, pool of ${db.poolSize}`),
);
process.on('SIGTERM', () => process.exit(0));
