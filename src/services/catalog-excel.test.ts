import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeCell, unescapeCell } from './catalog-excel.ts';

test('text that could be a formula is written with an apostrophe first and read back as it was', () => {
  assert.equal(escapeCell('=HYPERLINK("http://evil.example","点击")'), `'=HYPERLINK("http://evil.example","点击")`);
  assert.equal(escapeCell('-1'), "'-1");
  assert.equal(escapeCell('+86 0538'), "'+86 0538");
  assert.equal(escapeCell('@SUM(A1:A9)'), "'@SUM(A1:A9)");
  assert.equal(escapeCell('\t=1'), "'\t=1");
  assert.equal(escapeCell("'=1"), "''=1", 'an apostrophe already there is kept');
  assert.equal(escapeCell('最低生活保障'), '最低生活保障');
  assert.equal(escapeCell("'引号开头"), "'引号开头");
  assert.equal(escapeCell(-1), -1, 'numbers are numbers, not formulas');
});

test('escaping never leaves a formula character first, and reading undoes it for any text', () => {
  const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", 'a', '中', ' ') });
  fc.assert(
    fc.property(text, (value) => {
      const written = escapeCell(value) as string;
      assert.doesNotMatch(written, /^[=+\-@\t\r]/);
      assert.equal(unescapeCell(written), value);
    }),
  );
});
