import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { checkResidentIdForBinding, isMobile, maskPhone, requireVerified, sameName } from './online-identity.ts';
import { residentIdCheckChar } from './resident-id.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;

test('requireVerified lets a verified binding through and refuses an unverified or missing one, saying how to get verified', () => {
  assert.doesNotThrow(() => requireVerified({ applicantId: 'p', verified: true }));
  for (const [account, binding] of [
    [{ applicantId: 'p', verified: false }, 'unverified'],
    [{ applicantId: null, verified: false }, 'unbound'],
  ] as const) {
    try {
      requireVerified(account);
      assert.fail('must throw');
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'IDENTITY_NOT_VERIFIED');
      assert.equal(error.status, 403);
      assert.deepEqual(error.details, { binding });
    }
  }
  assert.throws(
    () => requireVerified({ applicantId: 'p', verified: false }),
    (e: AppError) => /统一身份认证.*窗口核验/.test(e.messageZh),
  );
});

test('a binding ID needs its check character, a real birth date not in the future, and a province that exists', () => {
  const good = idOf('37098219800312052');
  assert.deepEqual(checkResidentIdForBinding(good.toLowerCase(), '2026-12-07'), { ok: true, id: good, facts: { regionCode: '370982', birthDate: '1980-03-12', sex: 'female' } });
  assert.deepEqual(checkResidentIdForBinding(`${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`, '2026-12-07'), { ok: false, problem: 'check_char' });
  assert.deepEqual(checkResidentIdForBinding(idOf('37098220300312052'), '2026-12-07'), { ok: false, problem: 'birth_date' });
  assert.deepEqual(checkResidentIdForBinding(idOf('99098219800312052'), '2026-12-07'), { ok: false, problem: 'region' });
  assert.deepEqual(checkResidentIdForBinding(idOf('37000019800312052'), '2026-12-07'), { ok: false, problem: 'region' });
  assert.deepEqual(checkResidentIdForBinding('3709821980031205', '2026-12-07'), { ok: false, problem: 'format' });
});

test('mobile numbers, masks and names as people write them', () => {
  assert.ok(isMobile('13905381234'));
  assert.ok(!isMobile('12905381234'));
  assert.ok(!isMobile('1390538123'));
  assert.equal(maskPhone('13905381234'), '139****1234');
  assert.ok(sameName('王 建国', '王建国'));
  assert.ok(sameName('王\u3000建国', '王建国'));
  assert.ok(!sameName('王建', '王建国'));
});
