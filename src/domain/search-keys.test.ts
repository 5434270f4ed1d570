import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePinyin, matchScore, normaliseQuery, orderHits, queryPieces, queryWords, searchKeys, searchTokens, soundsLikePenalty, tokenWeights } from './search-keys.ts';

test('an item is keyed by its names, their pinyin and their initials', () => {
  assert.deepEqual(searchKeys(['最低生活保障对象认定', '低保', '低保']), {
    text: '最低生活保障对象认定 低保',
    pinyin: 'zuidishenghuobaozhangduixiangrending dibao',
    initials: 'zdshbzdxrd db',
  });
});

test('a query in pinyin is compacted; a Chinese query is kept', () => {
  assert.deepEqual(normaliseQuery('  Di Bao '), { text: 'di bao', latin: 'dibao' });
  assert.deepEqual(normaliseQuery('低保'), { text: '低保', latin: null });
});

test('tokens make every substring of a name, and every pinyin and initials tail, a prefix', async () => {
  const { searchTokens, tokenWeights } = await import('./search-keys.ts');
  const tokens = new Map(searchTokens('最低生活保障对象认定', ['低保']).map((t) => [t.token, t.weight]));
  assert.equal(tokens.get('最低生活保障对象认定'), tokenWeights.nameStart);
  assert.equal(tokens.get('生活保障对象认定'), tokenWeights.nameInner);
  assert.equal(tokens.get('低保'), tokenWeights.aliasStart);
  assert.equal(tokens.get('dibao'), tokenWeights.pinyinStart, 'the alias spelled out starts a term');
  assert.equal(tokens.get('db'), tokenWeights.initialsStart);
  assert.equal(tokens.get('shenghuobaozhangduixiangrending'), tokenWeights.pinyinInner);
  assert.ok(![...tokens.keys()].some((t) => t.startsWith('ibao')), 'pinyin tails start at syllables only');
});

test('a Chinese word of two or more characters also carries its sound; pinyin and single characters do not', () => {
  assert.deepEqual(queryWords(normaliseQuery('低宝 申请')), [
    { text: '低宝', sound: 'dibao' },
    { text: '申请', sound: 'shenqing' },
  ]);
  assert.deepEqual(queryWords(normaliseQuery('di bao')), [{ text: 'dibao', sound: null }]);
  assert.deepEqual(queryWords(normaliseQuery('保')), [{ text: '保', sound: null }]);
  assert.deepEqual(queryWords(normaliseQuery('')), []);
});

test('a match by sound scores less than the right word; every word must match, or any piece', () => {
  const tokens = searchTokens('最低生活保障对象认定', ['低保']);
  const right = matchScore(queryWords(normaliseQuery('低保')), tokens);
  const slip = matchScore(queryWords(normaliseQuery('低宝')), tokens);
  assert.equal(right, tokenWeights.aliasStart + 10);
  assert.equal(slip, tokenWeights.pinyinStart + 10 - soundsLikePenalty);
  assert.equal(matchScore(queryWords(normaliseQuery('低保 户口')), tokens), null);
  assert.equal(
    matchScore(
      [
        { text: '户口', sound: null },
        { text: '低保', sound: null },
      ],
      tokens,
      'any',
    ),
    tokenWeights.aliasStart + 10,
  );
  assert.equal(matchScore([], tokens), null);
});

test('a Chinese query that matches nothing whole is cut into pieces, longest first', () => {
  const pieces = queryPieces(normaliseQuery('身份证丢了'));
  assert.deepEqual(
    pieces.map((length) => length.map((p) => p.text)),
    [
      ['身份证丢', '份证丢了'],
      ['身份证', '份证丢', '证丢了'],
      ['身份', '份证', '证丢', '丢了'],
    ],
  );
  assert.deepEqual(queryPieces(normaliseQuery('低保')), [], 'two characters are not cut');
  assert.deepEqual(queryPieces(normaliseQuery('dibao')), []);
  assert.deepEqual(queryPieces(normaliseQuery('低保 申请')), [], 'words the person separated are searched as words');
});

test('hits go best first, a bundle before an item on a tie, then in pinyin order', () => {
  assert.ok(comparePinyin('办理退休', '最低生活保障') < 0);
  assert.ok(comparePinyin('出生登记', '办理退休') > 0);
  const hits = orderHits([
    { kind: 'item' as const, name: '最低生活保障', rank: 80 },
    { kind: 'item' as const, name: '出生登记', rank: 80 },
    { kind: 'bundle' as const, name: '退休一件事', rank: 80 },
    { kind: 'item' as const, name: '职工退休审批', rank: 95 },
  ]);
  assert.deepEqual(
    hits.map((h) => h.name),
    ['职工退休审批', '退休一件事', '出生登记', '最低生活保障'],
  );
});
