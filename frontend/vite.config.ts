import { defineConfig } from 'vite';

export default defineConfig({
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
