import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actingForHeaders, errorPayloadOf, setActingFor } from './api.ts';
import { errorCodes } from '../../src/domain/errors.ts';

test("a failure shows the server's own words, which name the particular case", () => {
  const body = { error: { code: 'SLOT_FULL', message: '该时段已约满,请选择其他时段', messageEn: 'That slot is full; choose another', details: { reason: 'slot_full' } } };
  assert.deepEqual(errorPayloadOf(body, 409), body.error);
  const unknown = { error: { code: 'SOMETHING_NEW', message: '新的情况', messageEn: 'Something new' } };
  assert.deepEqual(errorPayloadOf(unknown, 409), unknown.error, 'a code the web app does not know still shows the server message');
});

test('a known code that comes without words reads its meaning in Chinese and English from the one table', () => {
  for (const [code, meaning] of Object.entries(errorCodes)) {
    const shown = errorPayloadOf({ error: { code, message: ' ', details: { allowed: [] } } }, meaning.status);
    assert.deepEqual(shown, { code, message: meaning.zh, messageEn: meaning.en, details: { allowed: [] } }, code);
    assert.match(shown.message, /\p{Script=Han}/u, `${code} is shown in Chinese`);
  }
  assert.deepEqual(errorPayloadOf({ error: { code: 'LICENCE_ALREADY_REVOKED', messageEn: 'Already revoked' } }, 409).message, '该电子证照已注销', 'one language missing: the table fills it');
});

test('an answer that is not an error of the server (a proxy page, an unknown code without words) gets a generic message naming the status', () => {
  const generic = { code: 'HTTP_502', message: '服务器暂时无法处理请求(502),请稍后再试', messageEn: 'The server could not handle the request (502); try again later' };
  assert.deepEqual(errorPayloadOf(undefined, 502), generic);
  assert.deepEqual(errorPayloadOf({ error: 'Bad gateway' }, 502), generic);
  assert.deepEqual(errorPayloadOf({ error: { message: 'no code' } }, 502), generic);
  assert.deepEqual(errorPayloadOf({ error: { code: 'SOMETHING_NEW' } }, 409), {
    ...generic,
    code: 'SOMETHING_NEW',
    message: '服务器暂时无法处理请求(409),请稍后再试',
    messageEn: 'The server could not handle the request (409); try again later',
  });
});

test('the business one acts for goes only to the online applicant calls, and not once the choice is cleared', () => {
  const organisation = '3f0c2a4e-8a55-4c43-9a6e-0a6f4d1b2c3d';
  assert.deepEqual(actingForHeaders('/api/online/cases'), {}, 'nobody chosen: no header');
  setActingFor(organisation);
  try {
    for (const path of ['/api/online/cases', '/api/online/cases/x/materials/a/files', '/api/online/offer', '/api/applicant/me']) {
      assert.deepEqual(actingForHeaders(path), { 'x-acting-for': organisation }, path);
    }
    // The account's own calls (its businesses, binding, sign-out) and every staff or public call never name it.
    for (const path of ['/api/applicant/businesses', '/api/applicant/me/identity', '/api/applicant/sessions', '/api/cases', '/api/items', '/api/onlinex', '/api/online']) {
      assert.deepEqual(actingForHeaders(path), {}, path);
    }
  } finally {
    setActingFor(null);
  }
  assert.deepEqual(actingForHeaders('/api/applicant/me'), {});
});
