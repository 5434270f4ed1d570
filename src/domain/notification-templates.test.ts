import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTemplate, checkWechatValue, defaultSmsTemplates, maskIdPatterns, notificationEvents, render, renderKept, retryDelayMs, smsSegments } from './notification-templates.ts';

test('SMS segments: 70 characters in one, then 67 per part; more than 5 parts is refused', () => {
  assert.equal(smsSegments(''), 0);
  assert.equal(smsSegments('一'.repeat(70)), 1);
  assert.equal(smsSegments('一'.repeat(71)), 2);
  assert.equal(smsSegments('一'.repeat(134)), 2);
  assert.equal(smsSegments('一'.repeat(135)), 3);
  const long = checkTemplate({ event: 'accepted', channel: 'sms', body: `${'请'.repeat(340)}{item}`, fields: [] });
  assert.equal(long.segments, 6);
  assert.match(long.problems[0]!.message.zh, /短信过长.*6条,最多5条/);
});

test('every default SMS template passes its own check, in one or two segments', () => {
  for (const event of notificationEvents) {
    const check = checkTemplate({ event, channel: 'sms', body: defaultSmsTemplates[event], fields: [] });
    assert.deepEqual(check.problems, [], event);
    assert.ok(check.segments >= 1 && check.segments <= 2, `${event}: ${check.segments}`);
    assert.doesNotMatch(check.preview, /[{}]/, `${event}: every placeholder filled`);
  }
});

test('unknown placeholders and ID-number placeholders are refused, naming the known ones', () => {
  const unknown = checkTemplate({ event: 'accepted', channel: 'sms', body: '您的{item}于{dueDay}办结', fields: [] });
  assert.equal(unknown.problems.length, 1);
  assert.match(unknown.problems[0]!.message.zh, /未知的占位符\{dueDay\},可用:\{item\}\{caseNo\}\{dueDate\}/);
  const id = checkTemplate({ event: 'accepted', channel: 'sms', body: '{item} 申请人身份证{idNumber}', fields: [] });
  assert.match(id.problems[0]!.message.zh, /不得使用身份证号占位符\{idNumber\}/);
  assert.match(checkTemplate({ event: 'accepted', channel: 'sms', body: '{item', fields: [] }).problems[0]!.message.zh, /花括号不成对/);
  assert.match(checkTemplate({ event: 'accepted', channel: 'sms', body: '  ', fields: [] }).problems[0]!.message.zh, /不能为空/);
});

test('rendering masks any 18-character ID pattern, valid or not, and keeps shorter numbers', () => {
  assert.equal(maskIdPatterns('申请人370982197001011234办理'), '申请人370982********1234办理');
  assert.equal(maskIdPatterns('证号37098219700101123x。'), '证号370982********123X。');
  assert.equal(maskIdPatterns('运单1151234567890'), '运单1151234567890');
  assert.equal(render('{item}({caseNo})', { item: '为37098219700101123X办理', caseNo: 'A1' }), '为370982********123X办理(A1)');
});

test('a one-time code is kept masked once final; an appointment code is not a secret', () => {
  assert.equal(renderKept(defaultSmsTemplates.otp, { code: '493021', minutes: '5' }, 'otp'), '【一窗通】验证码******,5分钟内有效,请勿告诉他人。');
  assert.match(renderKept(defaultSmsTemplates.appointment_reminder, { code: 'A7K2Q9', time: '12月4日 09:00', className: '企业开办' }, 'appointment_reminder'), /预约码A7K2Q9/);
});

test('WeChat subscribe-message fields: thing ≤ 20, character_string ≤ 32 ASCII, phrase ≤ 5 Chinese, name ≤ 10, time, number', () => {
  assert.equal(checkWechatValue('thing', '一'.repeat(20)), null);
  assert.ok(checkWechatValue('thing', '一'.repeat(21)));
  assert.equal(checkWechatValue('character_string', '370982-20261123-0001'), null);
  assert.ok(checkWechatValue('character_string', 'x'.repeat(33)));
  assert.ok(checkWechatValue('character_string', '中文'));
  assert.equal(checkWechatValue('phrase', '已受理'), null);
  assert.ok(checkWechatValue('phrase', '已经受理完毕了'));
  assert.ok(checkWechatValue('phrase', 'OK'));
  assert.equal(checkWechatValue('name', '王建国'), null);
  assert.ok(checkWechatValue('name', '一'.repeat(11)));
  assert.equal(checkWechatValue('time', '2026年12月4日'), null);
  assert.equal(checkWechatValue('time', '12月4日 09:00'), null);
  assert.ok(checkWechatValue('time', '明天上午'));
  assert.equal(checkWechatValue('number', '3'), null);
  assert.ok(checkWechatValue('number', '三'));

  const good = checkTemplate({
    event: 'accepted',
    channel: 'wechat',
    body: '{item}已受理',
    fields: [
      { key: 'thing1', type: 'thing', value: '{item}' },
      { key: 'character_string2', type: 'character_string', value: '{caseNo}' },
      { key: 'phrase3', type: 'phrase', value: '已受理' },
      { key: 'time4', type: 'time', value: '{dueDate}' },
    ],
  });
  assert.deepEqual(good.problems, []);
  assert.deepEqual(
    good.fields.map((f) => f.value),
    ['食品经营许可', '370982-20261123-0001', '已受理', '2026年12月4日'],
  );
  const bad = checkTemplate({
    event: 'accepted',
    channel: 'wechat',
    body: '',
    fields: [
      { key: 'thing1', type: 'thing', value: '您申请的{item}已经受理,请耐心等待审批结果' },
      { key: 'phrase2', type: 'phrase', value: '{caseNo}' },
      { key: 'phrase2', type: 'phrase', value: '{who}' },
    ],
  });
  assert.deepEqual(
    bad.problems.map((p) => p.field),
    ['fields.0.value', 'fields.1.value', 'fields.2.key', 'fields.2.value'],
  );
  assert.match(bad.problems[0]!.message.zh, /thing1:事物\(thing\)不超过20个字符/);
  assert.ok(checkTemplate({ event: 'accepted', channel: 'wechat', body: '', fields: [] }).problems.length === 1, 'a WeChat template needs a field');
  assert.ok(checkTemplate({ event: 'accepted', channel: 'sms', body: '{item}', fields: [{ key: 'thing1', type: 'thing', value: 'x' }] }).problems.length === 1, 'an SMS has no fields');
});

test('retries back off exponentially from 30 seconds to at most an hour, with up to a fifth of jitter', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => retryDelayMs(n)),
    [30_000, 60_000, 120_000, 240_000, 480_000],
  );
  assert.equal(retryDelayMs(20), 3_600_000);
  assert.equal(retryDelayMs(1, 0.999), 35_994);
});
