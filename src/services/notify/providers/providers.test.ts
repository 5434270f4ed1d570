/**
 * The providers against real local HTTP servers: the webhook's receiver checks the HMAC signature
 * over timestamp and body; a stand-in for Aliyun's SMS endpoint checks the request's shape and
 * recomputes its signature 1.0 the way Aliyun does. Failures map to temporary or permanent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aliyunFailureKind, aliyunSignature, aliyunSmsProvider } from './aliyun.ts';
import { failingProvider } from './failing.ts';
import { providerFromEnv } from './index.ts';
import { logProvider } from './log.ts';
import { ProviderError, type OutgoingMessage } from './provider.ts';
import { webhookProvider } from './webhook.ts';

const message: OutgoingMessage = {
  clientReference: '6f1c2d3e-0000-4000-8000-000000000001',
  event: 'accepted',
  channel: 'sms',
  to: '13905381234',
  body: '【一窗通】您申请的食品经营许可(370982-20261123-0001)已受理,承诺2026年12月4日前办结。',
  params: { item: '食品经营许可', caseNo: '370982-20261123-0001', dueDate: '2026年12月4日' },
  fields: [],
  templateVersion: 3,
};

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function localServer(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const failure = async (promise: Promise<unknown>): Promise<ProviderError> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return error;
  }
  assert.fail('expected a failure');
};

describe('webhook provider: HMAC-SHA256 over timestamp and body, checked by a real receiver', () => {
  const secret = 's3cret-for-tests';
  let server: Server;
  let url: string;
  const received: { body: Record<string, unknown>; key: string }[] = [];
  let answer = 200;

  before(async () => {
    ({ server, url } = await localServer((request, body, response) => {
      const timestamp = String(request.headers['x-onewindow-timestamp'] ?? '');
      const signature = String(request.headers['x-onewindow-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const fresh = Math.abs(Number(timestamp) - 1_765_000_000) <= 300;
      if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected)) || !fresh) {
        response.writeHead(401).end('bad signature');
        return;
      }
      received.push({ body: JSON.parse(body), key: String(request.headers['idempotency-key']) });
      response.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
    }));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a signed message is accepted, with the message id as its idempotency key', async () => {
    const provider = webhookProvider({ url, secret, now: () => 1_765_000_000 });
    assert.deepEqual(await provider.send(message), { providerReference: 'gw-1' });
    assert.equal(received[0]!.key, message.clientReference);
    assert.deepEqual(received[0]!.body, { id: message.clientReference, event: 'accepted', channel: 'sms', to: '13905381234', body: message.body, params: message.params, fields: [], templateVersion: 3 });
  });

  test('a wrong secret is refused by the receiver (a permanent failure); 503 and 429 are temporary; a dead address is temporary', async () => {
    const wrong = await failure(webhookProvider({ url, secret: 'other', now: () => 1_765_000_000 }).send(message));
    assert.deepEqual([wrong.kind, wrong.code], ['permanent', 'HTTP 401']);
    const stale = await failure(webhookProvider({ url, secret, now: () => 1_765_000_000 - 3600 }).send(message));
    assert.equal(stale.code, 'HTTP 401', 'an old timestamp is refused: replays do not pass');
    for (const status of [503, 429]) {
      answer = status;
      const busy = await failure(webhookProvider({ url, secret, now: () => 1_765_000_000 }).send(message));
      assert.deepEqual([busy.kind, busy.code], ['temporary', `HTTP ${status}`]);
    }
    answer = 200;
    const dead = await failure(webhookProvider({ url: 'http://127.0.0.1:1/', secret, timeoutMs: 2000 }).send(message));
    assert.deepEqual([dead.kind, dead.code], ['temporary', 'NETWORK']);
  });
});

describe('Aliyun SMS provider: signature 1.0 and SendSms shape, checked by a local stand-in', () => {
  const accessKeySecret = 'testsecret';
  let server: Server;
  let url: string;
  const seen: Record<string, string>[] = [];
  let code = 'OK';

  before(async () => {
    ({ server, url } = await localServer((request, body, response) => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const { Signature, ...unsigned } = params;
      const ok = request.method === 'POST' && request.headers['content-type'] === 'application/x-www-form-urlencoded' && Signature === aliyunSignature('POST', unsigned, accessKeySecret);
      if (!ok) {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }));
        return;
      }
      seen.push(params);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(code === 'OK' ? { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'F655A8D5' } : { Code: code, Message: 'refused', RequestId: 'F655A8D5' }));
    }));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const provider = (secret = accessKeySecret) =>
    aliyunSmsProvider({
      accessKeyId: 'testid',
      accessKeySecret: secret,
      signName: '一窗通',
      templates: { accepted: 'SMS_153055065' },
      endpoint: url,
      now: () => new Date('2026-12-07T08:00:00.123Z'),
      nonce: () => '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    });

  test('the signature matches the published example of Aliyun signature 1.0', () => {
    // Aliyun's documentation example (RPC signature, GET, key "testsecret"): the same canonical form and HMAC-SHA1.
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    assert.equal(aliyunSignature('GET', params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  test('SendSms carries the template code, the values as TemplateParam, the message id as OutId', async () => {
    assert.deepEqual(await provider().send(message), { providerReference: '900619746936498440^0' });
    const params = seen[0]!;
    assert.equal(params.Action, 'SendSms');
    assert.equal(params.Version, '2017-05-25');
    assert.equal(params.PhoneNumbers, '13905381234');
    assert.equal(params.SignName, '一窗通');
    assert.equal(params.TemplateCode, 'SMS_153055065');
    assert.deepEqual(JSON.parse(params.TemplateParam!), message.params);
    assert.equal(params.OutId, message.clientReference);
    assert.equal(params.Timestamp, '2026-12-07T08:00:00Z');
  });

  test('errors: a bad signature, a bad number are permanent; flow control and Aliyun’s own errors are temporary; an event without a template code is permanent', async () => {
    const signature = await failure(provider('wrong').send(message));
    assert.deepEqual([signature.kind, signature.code], ['permanent', 'SignatureDoesNotMatch']);
    code = 'isv.MOBILE_NUMBER_ILLEGAL';
    assert.equal((await failure(provider().send(message))).kind, 'permanent');
    code = 'isv.BUSINESS_LIMIT_CONTROL';
    assert.equal((await failure(provider().send(message))).kind, 'temporary');
    code = 'isp.SYSTEM_ERROR';
    assert.equal((await failure(provider().send(message))).kind, 'temporary');
    code = 'OK';
    const missing = await failure(provider().send({ ...message, event: 'otp' }));
    assert.deepEqual([missing.kind, missing.code], ['permanent', 'TEMPLATE_NOT_CONFIGURED']);
    assert.equal(aliyunFailureKind('Throttling.User'), 'temporary');
    assert.equal(aliyunFailureKind('isv.SMS_TEMPLATE_ILLEGAL'), 'permanent');
  });
});

test('the log provider writes the number masked and the text; the failing wrapper fails its share, seeded', async () => {
  const lines: [Record<string, unknown>, string][] = [];
  const log = logProvider((fields, text) => lines.push([fields, text]));
  await log.send(message);
  assert.equal(lines[0]![0].to, '139****1234');
  assert.equal(lines[0]![1], message.body);

  const failing = failingProvider(log, { temporary: 0.2, permanent: 0.05, seed: 7 });
  const kinds = { ok: 0, temporary: 0, permanent: 0 };
  for (let i = 0; i < 2000; i++) {
    try {
      await failing.send(message);
      kinds.ok++;
    } catch (error) {
      kinds[(error as ProviderError).kind]++;
    }
  }
  assert.ok(Math.abs(kinds.temporary / 2000 - 0.2) < 0.03, JSON.stringify(kinds));
  assert.ok(Math.abs(kinds.permanent / 2000 - 0.05) < 0.015, JSON.stringify(kinds));
  assert.deepEqual(failing.counts, { sent: kinds.ok, temporary: kinds.temporary, permanent: kinds.permanent });
});

test('the environment names the provider; a setting it cannot use stops the server', () => {
  const log = () => {};
  assert.equal(providerFromEnv({}, log).name, 'log');
  assert.equal(providerFromEnv({ NOTIFY_SMS_PROVIDER: 'webhook', NOTIFY_WEBHOOK_URL: 'https://gw.example/sms', NOTIFY_WEBHOOK_SECRET: 'x' }, log).name, 'webhook');
  assert.throws(() => providerFromEnv({ NOTIFY_SMS_PROVIDER: 'webhook', NOTIFY_WEBHOOK_URL: 'https://gw.example/sms' }, log), /NOTIFY_WEBHOOK_SECRET/);
  assert.throws(() => providerFromEnv({ NOTIFY_SMS_PROVIDER: 'webhook' }, log), /NOTIFY_WEBHOOK_URL/);
  assert.equal(providerFromEnv({ NOTIFY_SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'a', ALIYUN_SMS_ACCESS_KEY_SECRET: 'b', ALIYUN_SMS_SIGN_NAME: '一窗通', ALIYUN_SMS_TEMPLATES: '{"otp":"SMS_1"}' }, log).name, 'aliyun');
  assert.throws(() => providerFromEnv({ NOTIFY_SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'a', ALIYUN_SMS_ACCESS_KEY_SECRET: 'b', ALIYUN_SMS_SIGN_NAME: 's', ALIYUN_SMS_TEMPLATES: '{"otpp":"SMS_1"}' }, log), /unknown events: otpp/);
  assert.throws(() => providerFromEnv({ NOTIFY_SMS_PROVIDER: 'aliyun' }, log), /ALIYUN_SMS_ACCESS_KEY_ID/);
  assert.throws(() => providerFromEnv({ NOTIFY_SMS_PROVIDER: 'carrier-pigeon' }, log), /must be one of log, webhook, aliyun/);
});
