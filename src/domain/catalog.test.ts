import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoItems } from '../cli/demo-catalog.ts';
import { checkItemContent, type ServiceItemContent } from './catalog.ts';

const countyItem = demoItems.find((i) => i.exerciseLevel === '4')!;

test('通办范围 says where else an item is received; it cannot be narrower than the level exercising it', () => {
  const scoped = (tongbanScope: string, exerciseLevel = countyItem.exerciseLevel) => checkItemContent({ ...countyItem, tongbanScope, exerciseLevel } as ServiceItemContent).filter((p) => p.field === 'tongbanScope');
  assert.deepEqual(scoped('none'), []);
  assert.deepEqual(scoped('county'), []);
  assert.deepEqual(scoped('city'), []);
  assert.deepEqual(scoped('national'), []);
  assert.match(scoped('county', '3')[0]!.zh, /通办范围\(全县\(市\)通办\)不能小于事项的行使层级\(市级\)/);
  assert.equal(scoped('everywhere').length, 1, 'an unknown scope, as a workbook or an API client might send it');
});
