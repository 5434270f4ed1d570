import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseQuery, searchKeys } from './search-keys.ts';

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
