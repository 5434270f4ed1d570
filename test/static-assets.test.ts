/**
 * The web app's files go out compressed and cached right: the build's .br/.gz siblings are sent to a
 * browser that accepts them, hashed files under /assets/ are cached for a year as immutable, and
 * index.html (the page every client route loads) is revalidated so a new release shows at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { isHashedAsset } from '../src/http/app.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const script = `export const greeting = ${JSON.stringify('一窗通 '.repeat(400))};\n`;
const html = `<!doctype html><html lang="zh-CN"><head><title>一窗通</title></head><body>${'<div></div>'.repeat(200)}<script type="module" src="/assets/index-Ab3dE_9x.js"></script></body></html>`;

describe('static web assets', () => {
  let ctx: TestContext;
  let webRoot: string;

  before(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'onewindow-web-'));
    mkdirSync(join(webRoot, 'assets'));
    const asset = join(webRoot, 'assets', 'index-Ab3dE_9x.js');
    writeFileSync(asset, script);
    writeFileSync(`${asset}.br`, brotliCompressSync(script));
    writeFileSync(`${asset}.gz`, gzipSync(script));
    writeFileSync(join(webRoot, 'index.html'), html);
    writeFileSync(join(webRoot, 'index.html.gz'), gzipSync(html));
    ctx = await createTestContext(testBackends()[0]!, { webRoot });
  });
  after(async () => {
    await ctx.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test('a hashed script is sent as brotli, else gzip, else plain, cached a year as immutable', async () => {
    const url = '/assets/index-Ab3dE_9x.js';
    const brotli = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(brotli.statusCode, 200);
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.match(String(brotli.headers['content-type']), /javascript/);
    assert.equal(brotliDecompressSync(brotli.rawPayload).toString(), script);
    assert.ok(brotli.rawPayload.length < Buffer.byteLength(script) / 4, `${brotli.rawPayload.length} bytes sent for ${Buffer.byteLength(script)}`);
    assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(brotli.headers.vary), /accept-encoding/i);

    const gzip = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.rawPayload).toString(), script);
    assert.equal(gzip.headers['cache-control'], 'public, max-age=31536000, immutable');

    const plain = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, script);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('index.html, directly or as a client route, is compressed and revalidated every time', async () => {
    for (const url of ['/index.html', '/guide/items/370982-MZ-001']) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['cache-control'], 'no-cache', url);
      assert.match(String(response.headers['content-type']), /text\/html/, url);
      assert.equal(response.headers['content-encoding'], 'gzip', url);
      const body = gunzipSync(response.rawPayload).toString();
      assert.equal(body, html, url);
    }
  });

  test('only content-hashed build files count as immutable', () => {
    assert.ok(isHashedAsset('/srv/web/dist/assets/HallStatsPage-DyAM1Tlh.js'));
    assert.ok(isHashedAsset('/srv/web/dist/assets/pagination-7Qxi5pA-.js.br'));
    assert.ok(isHashedAsset('/srv/web/dist/assets/index-seSzxgqh.css.gz'));
    assert.ok(!isHashedAsset('/srv/web/dist/index.html'));
    assert.ok(!isHashedAsset('/srv/web/dist/favicon.svg'));
    assert.ok(!isHashedAsset('/srv/web/dist/assets/logo.svg'));
  });
});
