import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spokenCall } from '../../../../src/domain/hall.ts';
import {
  checkInEntry,
  chineseVoiceIndex,
  classNameIn,
  hallClock,
  hallDateTime,
  hallDay,
  latestCall,
  latestPerWindow,
  mergeWindowCalls,
  sayInChinese,
  SpeechQueue,
  ticketProgressUrl,
  withCall,
  type BoardCall,
  type SpeechPort,
} from './model.ts';

const call = (number: string, windowNumber: number | null, calledAt: string): BoardCall => ({
  number,
  windowNumber,
  calledAt,
  className: '综合受理(无差别)',
  announcement: windowNumber === null ? '' : spokenCall(number, windowNumber),
});

test('each window shows its newest call, windows in order', () => {
  const recent = [call('A004', 3, '2026-05-11T02:05:00Z'), call('B002', 1, '2026-05-11T02:04:00Z'), call('A003', 3, '2026-05-11T02:03:00Z'), call('C001', null, '2026-05-11T02:02:00Z'), call('A001', 1, '2026-05-11T02:01:00Z')];
  assert.deepEqual(
    latestPerWindow(recent).map((w) => [w.windowNumber, w.number]),
    [
      [1, 'B002'],
      [3, 'A004'],
    ],
  );
  assert.deepEqual(latestPerWindow([]), []);
});

test('a window keeps its number after it drops out of the ten latest calls', () => {
  const earlier = latestPerWindow([call('A001', 1, '2026-05-11T02:01:00Z'), call('A002', 2, '2026-05-11T02:02:00Z')]);
  const later = [call('B005', 2, '2026-05-11T02:09:00Z'), call('C001', 3, '2026-05-11T02:08:00Z')];
  assert.deepEqual(
    mergeWindowCalls(earlier, later).map((w) => [w.windowNumber, w.number]),
    [
      [1, 'A001'],
      [2, 'B005'],
      [3, 'C001'],
    ],
  );
  // A snapshot that comes late never puts an older call back.
  const current = mergeWindowCalls(earlier, later);
  assert.equal(mergeWindowCalls(current, [call('A002', 2, '2026-05-11T02:02:00Z')]).find((w) => w.windowNumber === 2)?.number, 'B005');
});

test('a live call goes on top at once; a recall moves up instead of showing twice', () => {
  const recent = [call('A002', 2, '2026-05-11T02:02:00Z'), call('A001', 1, '2026-05-11T02:01:00Z')];
  const next = withCall(recent, { number: 'A003', windowNumber: 1, announcement: spokenCall('A003', 1), at: '2026-05-11T02:03:00Z' });
  assert.deepEqual(
    next.map((r) => r.number),
    ['A003', 'A002', 'A001'],
  );
  assert.equal(latestPerWindow(next).find((w) => w.windowNumber === 1)?.number, 'A003');

  const recalled = withCall(next, { number: 'A002', windowNumber: 2, announcement: spokenCall('A002', 2), at: '2026-05-11T02:04:00Z' });
  assert.deepEqual(
    recalled.map((r) => r.number),
    ['A002', 'A003', 'A001'],
  );
  assert.equal(recalled[0]!.className, '综合受理(无差别)');

  const many = Array.from({ length: 10 }, (_, i) => call(`A${100 + i}`, 1, '2026-05-11T01:00:00Z'));
  assert.equal(withCall(many, { number: 'B001', windowNumber: 2, announcement: '', at: '2026-05-11T02:00:00Z' }).length, 10);
});

test('the big call is the newer of the live event and the latest snapshot', () => {
  const live = { number: 'A005', windowNumber: 4, announcement: spokenCall('A005', 4), at: '2026-05-11T02:10:00Z' };
  assert.equal(latestCall([], null), null);
  assert.equal(latestCall([call('A001', 1, '2026-05-11T02:00:00Z')], live)?.number, 'A005');
  assert.equal(latestCall([call('A009', 2, '2026-05-11T02:20:00Z')], live)?.number, 'A009');
  assert.deepEqual(latestCall([call('C001', null, '2026-05-11T02:30:00Z'), call('A001', 1, '2026-05-11T02:00:00Z')], null), {
    number: 'A001',
    windowNumber: 1,
    announcement: '请A001号到1号窗口办理',
    at: '2026-05-11T02:00:00Z',
  });
});

/** A speaker that records what it says and finishes only when told to. */
function fakeSpeaker() {
  const said: string[] = [];
  const ends: (() => void)[] = [];
  let speaking = 0;
  let overlapped = false;
  return {
    said,
    get overlapped() {
      return overlapped;
    },
    speak: (text: string) =>
      new Promise<void>((resolve) => {
        if (speaking > 0) overlapped = true;
        speaking++;
        said.push(text);
        ends.push(() => {
          speaking--;
          resolve();
        });
      }),
    /** Ends the utterance in progress and lets the queue move on. */
    async finish() {
      ends.shift()?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

test('calls are said twice each, in order, one at a time', async () => {
  const speaker = fakeSpeaker();
  const waits: number[] = [];
  const queue = new SpeechQueue({ speak: speaker.speak, wait: async (ms) => void waits.push(ms), repeat: 2, pauseMs: 700 });
  queue.enqueue('请A001号到1号窗口办理');
  queue.enqueue('请B001号到2号窗口办理');
  assert.deepEqual(speaker.said, ['请A001号到1号窗口办理']);
  assert.deepEqual(queue.pending, ['请B001号到2号窗口办理']);
  await speaker.finish();
  assert.deepEqual(speaker.said, ['请A001号到1号窗口办理', '请A001号到1号窗口办理']);
  await speaker.finish();
  await speaker.finish();
  await speaker.finish();
  await queue.idle();
  assert.deepEqual(speaker.said, ['请A001号到1号窗口办理', '请A001号到1号窗口办理', '请B001号到2号窗口办理', '请B001号到2号窗口办理']);
  assert.equal(speaker.overlapped, false);
  assert.ok(waits.every((ms) => ms === 700) && waits.length === 3);
  assert.equal(queue.isSpeaking, false);

  // After a quiet spell the queue starts again by itself.
  queue.enqueue('请A002号到1号窗口办理');
  assert.equal(speaker.said.at(-1), '请A002号到1号窗口办理');
});

test('a call already waiting is not queued twice, a backlog drops the oldest, and a failure does not stop the queue', async () => {
  const said: string[] = [];
  let first = true;
  const queue = new SpeechQueue({
    speak: async (text) => {
      said.push(text);
      if (first) {
        first = false;
        throw new Error('audio device busy');
      }
    },
    wait: async () => undefined,
    repeat: 1,
    maxPending: 2,
  });
  queue.enqueue('一');
  queue.enqueue('二');
  queue.enqueue('二');
  queue.enqueue('三');
  queue.enqueue('四');
  queue.enqueue('  ');
  await queue.idle();
  assert.deepEqual(said, ['一', '三', '四']);

  // The test word when speech is switched on is said once.
  queue.enqueue('语音播报已开启', 1);
  await queue.idle();
  assert.deepEqual(said, ['一', '三', '四', '语音播报已开启']);

  queue.stop();
  queue.enqueue('五');
  await queue.idle();
  assert.deepEqual(said, ['一', '三', '四', '语音播报已开启']);
});

function fakePort(langs: string[], answer: (text: string) => string | undefined | 'never'): SpeechPort & { settings: unknown[] } {
  const settings: unknown[] = [];
  return {
    settings,
    voiceLangs: () => langs,
    speak(text, chosen, done) {
      settings.push(chosen);
      const outcome = answer(text);
      if (outcome !== 'never') setTimeout(() => done(outcome), 0);
    },
  };
}

test('speech is Chinese, a little slow, and tells a blocked browser from a finished call', async () => {
  assert.equal(chineseVoiceIndex(['en-US', 'zh-TW', 'zh-CN']), 2);
  assert.equal(chineseVoiceIndex(['en-US', 'zh-HK']), 1);
  assert.equal(chineseVoiceIndex(['en-US']), null);

  const port = fakePort(['en-US', 'zh_CN'], () => undefined);
  assert.equal(await sayInChinese(port, '请A001号到1号窗口办理'), 'spoken');
  assert.deepEqual(port.settings, [{ lang: 'zh-CN', rate: 0.9, voiceIndex: 1 }]);
  assert.equal(
    await sayInChinese(
      fakePort([], () => 'not-allowed'),
      '测试',
    ),
    'blocked',
  );
  assert.equal(
    await sayInChinese(
      fakePort([], () => 'synthesis-failed'),
      '测试',
    ),
    'failed',
  );
  // A browser that never says it is done does not hold the queue up.
  assert.equal(
    await sayInChinese(
      fakePort([], () => 'never'),
      '测试',
      { timeoutMs: 10 },
    ),
    'spoken',
  );
});

test('a check-in takes a booking code or a resident ID number, as typed', () => {
  assert.deepEqual(checkInEntry(' k7m 2pq '), { ok: true, body: { code: 'K7M2PQ' } });
  assert.deepEqual(checkInEntry('37098219800505123x'), { ok: true, body: { idNumber: '37098219800505123X' } });
  assert.deepEqual(checkInEntry(''), { ok: false, reason: 'empty' });
  assert.deepEqual(checkInEntry('K7M2P'), { ok: false, reason: 'length' });
  // Booking codes leave out 0, 1, I, L and O, which are easily mistaken.
  assert.deepEqual(checkInEntry('K7M2P0'), { ok: false, reason: 'characters' });
  assert.deepEqual(checkInEntry('3709821980050512XX'), { ok: false, reason: 'characters' });
});

test('the ticket QR leads to the ticket page; class names follow the language', () => {
  assert.equal(ticketProgressUrl('https://hall.example.cn/', 'abc'), 'https://hall.example.cn/hall/ticket/abc');
  const classes = [{ id: '1', code: 'D', name: '社会事务', nameEn: 'Social affairs', active: true }];
  assert.equal(classNameIn(classes, 'D', '社会事务', true), 'Social affairs');
  assert.equal(classNameIn(classes, 'D', '社会事务', false), '社会事务');
  assert.equal(classNameIn(classes, 'Z', '其他', true), '其他');
});

test('the hall keeps Beijing time, whatever the device says', () => {
  const at = new Date('2026-05-10T17:05:09Z');
  assert.equal(hallClock(at), '01:05:09');
  assert.equal(hallClock('2026-05-11T02:32:00Z', false), '10:32');
  assert.equal(hallDateTime('2026-05-10T17:05:09Z'), '2026-05-11 01:05');
  assert.equal(hallDay(at, false), '2026年5月11日星期一');
  assert.equal(hallDay(at, true), 'Monday, 11 May 2026');
});
