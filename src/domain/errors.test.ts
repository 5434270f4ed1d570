import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AppError, errorCodes, errorStatus } from './errors.ts';

const root = new URL('../../', import.meta.url);

test('every code has an HTTP error status and a meaning in Chinese and English', () => {
  for (const [code, info] of Object.entries(errorCodes)) {
    assert.match(code, /^[A-Z][A-Z_]*[A-Z]$/, code);
    assert.ok(info.status >= 400 && info.status < 600, code);
    assert.match(info.zh, /\p{Script=Han}/u, code);
    assert.match(info.en, /^[A-Z]/, code);
    assert.equal(errorStatus[code as keyof typeof errorStatus], info.status, code);
  }
  assert.equal(new AppError('SLOT_FULL', { zh: '该时段已约满', en: 'Full' }).status, 409);
});

test('docs/API.md lists every code with its status, and no other', () => {
  const docs = readFileSync(new URL('docs/API.md', root), 'utf8');
  const listed = [...docs.slice(docs.indexOf('## Error codes')).matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(
    listed,
    Object.entries(errorCodes).map(([code, info]) => [code, info.status]),
  );
});

test('the services name what happened: none throws the generic CONFLICT', () => {
  for (const dir of ['src/services', 'src/http', 'src/http/routes', 'src/domain']) {
    for (const name of readdirSync(new URL(`${dir}/`, root)).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const text = readFileSync(new URL(`${dir}/${name}`, root), 'utf8');
      assert.doesNotMatch(text, /AppError\(\s*'CONFLICT'/, `${dir}/${name}`);
    }
  }
});
