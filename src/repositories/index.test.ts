import { test } from 'node:test';
import assert from 'node:assert/strict';
import { narrowUnitOfWork, type Repositories, type UnitOfWork } from './index.ts';

test('a narrowed unit of work shows only the repositories named, in reads and in transactions', async () => {
  const all = { org: { name: 'org' }, staff: { name: 'staff' }, audit: { name: 'audit' }, cases: { name: 'cases' } } as unknown as Repositories;
  const seen: string[][] = [];
  const full: UnitOfWork = { read: all, transaction: (work) => work(all) };
  const narrowed = narrowUnitOfWork(full, ['org', 'audit']);
  assert.deepEqual(Object.keys(narrowed.read).sort(), ['audit', 'org']);
  const answer = await narrowed.transaction(async (repos) => {
    seen.push(Object.keys(repos).sort());
    assert.equal((repos as unknown as Repositories).cases, undefined, 'another repository is out of reach at run time');
    return repos.org;
  });
  assert.deepEqual(seen, [['audit', 'org']]);
  assert.equal(answer, all.org, 'the same repository objects, bound to the same transaction');
});
