import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOrigins, parseTrustProxy } from './security.ts';

test('TRUST_PROXY: unset or false trusts no proxy; a number is a hop count; a list names proxy addresses and ranges', () => {
  for (const off of [undefined, '', 'false', '0']) assert.equal(parseTrustProxy(off), false);
  assert.equal(parseTrustProxy('1'), 1);
  assert.deepEqual(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8, loopback'), ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
});

test('TRUST_PROXY=true is refused (it would believe any client), and so is anything that is not an address', () => {
  assert.throws(() => parseTrustProxy('true'), /would believe any X-Forwarded-For/);
  assert.throws(() => parseTrustProxy('proxy.local'), /not an address.*proxy\.local/);
  assert.throws(() => parseTrustProxy('10.0.0.0/33'), /10\.0\.0\.0\/33/);
});

test('PUBLIC_ORIGIN and ALLOWED_ORIGINS become origins; a URL with a path is refused', () => {
  assert.deepEqual(parseOrigins('https://zwfw.example.gov.cn', 'https://a.example:8443, https://zwfw.example.gov.cn/'), ['https://zwfw.example.gov.cn', 'https://a.example:8443']);
  assert.deepEqual(parseOrigins(undefined, ''), []);
  assert.throws(() => parseOrigins('https://zwfw.example.gov.cn/app'), /not an origin/);
  assert.throws(() => parseOrigins('zwfw.example.gov.cn'), /not an origin/);
});
