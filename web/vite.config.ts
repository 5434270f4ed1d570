/**
 * Vite config of the web app. Run from the repository root: `vite build --config web/vite.config.ts`
 * writes web/dist, which `onewindow serve` serves (any non-/api GET falls back to index.html).
 * In development (`npm run dev:web`) /api is proxied to a server on port 8080.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large library shared by every screen; the screens themselves are lazy chunks.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    // The app imports the shared pure rules in ../src/domain.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
