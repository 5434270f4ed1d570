import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCaseNumber } from '../src/domain/case-number.ts';
import { createRepositories } from '../src/repositories/index.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import type { TestDatabase } from './support/database.ts';

for (const backend of testBackends()) {
  describe(`case numbers (${backend.name})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
    });
    after(() => database.close());

    test('sixty windows taking cases at once never share a number, and the sequence has no gaps', { skip: raceNeedsPostgres(backend) }, async () => {
      const repos = createRepositories(database.db);
      const numbers = await Promise.all(Array.from({ length: 60 }, () => repos.system.nextCaseSequence('370982', '2026-11-23').then((n) => formatCaseNumber('370982', '2026-11-23', n))));
      assert.equal(new Set(numbers).size, 60);
      assert.deepEqual(
        numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b),
        Array.from({ length: 60 }, (_, i) => i + 1),
      );
    });

    test('each region and day counts on its own', async () => {
      const repos = createRepositories(database.db);
      assert.equal(await repos.system.nextCaseSequence('370982', '2026-11-25'), 1);
      assert.equal(await repos.system.nextCaseSequence('370982', '2026-11-25'), 2);
      assert.equal(await repos.system.nextCaseSequence('370982103', '2026-11-25'), 1);
      assert.equal(await repos.system.nextCaseSequence('370982', '2026-11-26'), 1);
      assert.equal(await repos.system.nextCaseSequence('370982', '2026-11-25'), 3);
    });

    test('a number taken in a transaction that rolls back is given out again', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          assert.equal(await createRepositories(trx).system.nextCaseSequence('370982107', '2026-11-23'), 1);
          throw new Error('intake failed');
        }),
        /intake failed/,
      );
      assert.equal(await createRepositories(database.db).system.nextCaseSequence('370982107', '2026-11-23'), 1);
    });
  });
}
