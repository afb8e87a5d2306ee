/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The local server for `npm run dev`: the API, the session and the tenant's brand come from it. */
const backend = process.env['MOSAIC_DEV_BACKEND'] ?? 'http://127.0.0.1:8080';

// Page paths under /portal/{tenant}/ are the app's own routes; only these go to the server.
const portalServerPaths = '^/portal/[^/]+/(session|login|logout|brand\\.css)(\\?.*)?$';

/**
 * In development the app's page paths (/portal/{tenant}/…) are answered with the app's index.html, as the server
 * does in production; the server's own portal paths above are left to the proxy.
 */
function portalPages(): Plugin {
  const serverPath = new RegExp(portalServerPaths);
  return {
    name: 'mosaic-portal-pages',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        const accept = req.headers.accept ?? '';
        if (url.startsWith('/portal/') && !serverPath.test(url) && accept.includes('text/html')) {
          req.url = '/app/index.html';
        }
        next();
      });
    },
  };
}

export default defineConfig({
  base: '/app/',
  plugins: [react(), portalPages()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      [portalServerPaths]: { target: backend, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
