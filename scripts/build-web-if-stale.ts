/**
 * Builds the web app (web/dist) only when it is missing or older than its sources: anything under
 * web/ (but web/dist) and the shared rules in src/domain. Run before `serve` and the browser tests:
 *
 *   node scripts/build-web-if-stale.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'web', 'dist', 'index.html');
const skipped = new Set([join(root, 'web', 'dist'), join(root, 'web', 'node_modules')]);

/** The newest modification time under `dir`, and which file has it. Unit tests do not go into the bundle. */
function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skipped.has(path)) continue;
    const candidate = entry.isDirectory() ? newestFile(path) : entry.name.endsWith('.test.ts') ? undefined : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

function staleReason(): string | undefined {
  if (!existsSync(builtIndex)) return 'web/dist/index.html is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  for (const source of [join(root, 'web'), join(root, 'src', 'domain')]) {
    const newest = newestFile(source);
    if (newest && newest.mtimeMs > builtAt) return `${relative(root, newest.path)} changed`;
  }
  return undefined;
}

const reason = staleReason();
if (reason === undefined) {
  console.log('web app up to date (web/dist)');
} else {
  console.log(`构建前端 building web app… (${reason})`);
  // Vite's own entry script, run by this Node (24): no shell, works the same on every platform.
  const require = createRequire(import.meta.url);
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('web app build failed 前端构建失败');
    process.exit(result.status ?? 1);
  }
}
