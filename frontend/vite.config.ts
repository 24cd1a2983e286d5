import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server answers like nginx does in the image: the headers of nginx/security-headers.conf
 * on every response, so the page runs under the production CSP while it is developed, and
 * `/healthz` for the container's health check.
 */
function productionHeaders(): Plugin {
  const conf = readFileSync(new URL('nginx/security-headers.conf', import.meta.url), 'utf8');
  const headers = [...conf.matchAll(/^add_header\s+(\S+)\s+"([^"]*)"/gm)].map(([, name, value]) => [name, value]);
  if (!headers.some(([name]) => name === 'Content-Security-Policy'))
    throw new Error('nginx/security-headers.conf: no Content-Security-Policy header found');
  return {
    name: 'production-headers',
    // The dev server only; not Vitest's (mode test), whose runner page has inline scripts.
    apply: (_, { command, mode }) => command === 'serve' && mode !== 'test',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        for (const [name, value] of headers) res.setHeader(name, value);
        if (req.url !== '/healthz') return next();
        res.setHeader('Content-Type', 'text/plain');
        res.end('ok\n');
      });
    },
  };
}

export default defineConfig({
  plugins: [productionHeaders()],
  build: {
    target: 'es2022',
    // The CSP allows no data: URIs, so every asset stays a file.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev` talks to a local API the way nginx does in the container.
    proxy: {
      '/api/': {
        target: process.env.API_URL ?? 'http://127.0.0.1:3000',
        rewrite: (path) => path.replace(/^\/api/, ''),
      },
    },
  },
});
