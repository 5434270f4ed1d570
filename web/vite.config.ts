/**
 * Vite config of the web app. Run from the repository root: `vite build --config web/vite.config.ts`
 * writes web/dist, which `onewindow serve` serves (any non-/api GET falls back to index.html).
 * In development (`npm run dev:web`) /api is proxied to a server on port 8080.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Writes `name.br` and `name.gz` beside every text asset worth compressing, once, at build time, at the
 * highest levels (too slow per request, free here); the server sends them as they are (@fastify/static
 * `preCompressed`). Node's zlib does it in a few lines, so no plugin package is needed for it.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'onewindow-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
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
