import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRankedHits } from './hit-order.ts';
import { orderHits, type RankedHit } from './search-keys.ts';

test('merging the two server-ordered lists gives the order orderHits gives over both', () => {
  const names = ['最低生活保障对象认定', '临时救助对象认定', '出生一件事', '残疾人证办理', '开办餐饮店一件事', '公共场所卫生许可', '食品经营许可', '出生医学证明办理', '户口登记'];
  // A fixed spread of scores with many ties, items and bundles alike.
  const hits: RankedHit[] = names.map((name, i) => ({ name, kind: name.endsWith('一件事') ? 'bundle' : 'item', rank: [3, 1, 3, 2, 1, 3, 2, 3, 1][i]! }));
  const bundles = orderHits(hits.filter((h) => h.kind === 'bundle'));
  const items = orderHits(hits.filter((h) => h.kind === 'item'));
  const expected = orderHits(hits).map((h) => h.name);
  assert.deepEqual(
    mergeRankedHits([...bundles, ...items]).map((h) => h.name),
    expected,
  );
  assert.deepEqual(
    mergeRankedHits([...items, ...bundles]).map((h) => h.name),
    expected,
  );
  assert.equal(expected[0], '出生一件事', 'on a tie of the best score the bundle comes first');
});
