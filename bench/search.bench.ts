/**
 * Catalog search at 1,000 and at 10,000 published items, side by side with a plain SQL baseline
 * (an unindexed `LIKE` over the names), on the same database.
 *
 *   node bench/search.bench.ts [--repeat 15]
 *   DATABASE_URL=postgres://…/scratch node bench/search.bench.ts
 *
 * Each size gets a fresh database (PGlite in memory, or the given PostgreSQL after dropping the
 * catalog tables' rows). Items are synthetic but shaped like a real catalog: a few dozen objects ×
 * actions × variants, with aliases, so pinyin and initials collide the way real ones do.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createRepositories } from '../src/repositories/index.ts';
import { createServices } from '../src/main.ts';
import { loadDemo } from '../src/cli/demo.ts';
import { searchKeys, searchTokens } from '../src/domain/search-keys.ts';
import type { ServiceItemContent } from '../src/domain/catalog.ts';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '15' } } });
const repeat = Number(values.repeat);

const objects = [
  '养老机构',
  '食品经营',
  '药品零售',
  '建筑工程',
  '不动产',
  '户口',
  '社会团体',
  '民办学校',
  '医疗机构',
  '公共场所',
  '道路运输',
  '出租汽车',
  '烟草专卖',
  '排水许可',
  '燃气经营',
  '广告设置',
  '特种设备',
  '消防设施',
  '危险化学品',
  '文物保护',
  '旅行社',
  '网吧',
  '娱乐场所',
  '演出经纪',
  '种子生产',
  '兽药经营',
  '农药经营',
  '林木采伐',
  '取水',
  '河道采砂',
  '渔业捕捞',
  '殡葬服务',
  '婚姻',
  '收养',
  '残疾人',
  '低保',
  '特困人员',
  '临时救助',
  '老年人',
  '慈善组织',
  '教师资格',
  '职业技能',
  '劳务派遣',
  '人力资源服务',
  '社会保险',
  '住房公积金',
  '商品房',
  '物业服务',
  '城市绿化',
  '户外广告',
];
const actions = ['设立许可', '变更登记', '注销登记', '延续', '备案', '年检', '补证', '换证', '认定', '审批', '核准', '确认', '申领', '查询', '证明开具', '资格审核', '信息变更', '迁移', '撤销', '复核'];
const variants = ['', '(首次申请)', '(市内)', '(跨省)', '(个人)', '(单位)', '(延期)', '(简易程序)', '(告知承诺)', '(容缺受理)', '(线上)', '(窗口)'];

function syntheticItem(index: number, departmentName: string): ServiceItemContent {
  const object = objects[index % objects.length]!;
  const action = actions[Math.floor(index / objects.length) % actions.length]!;
  const variant = variants[Math.floor(index / (objects.length * actions.length)) % variants.length]!;
  const name = `${object}${action}${variant}`;
  return {
    name,
    aliases: index % 7 === 0 ? [`${object}办理`] : [],
    basicCode: String(100000000000 + index),
    implementationCode: `B-${String(index).padStart(6, '0')}`,
    itemType: '01',
    exerciseLevel: '4',
    departmentName,
    legalBasis: '',
    conditions: '',
    processSteps: [],
    statutoryDays: 20,
    statutoryUnit: 'working',
    promisedDays: 5,
    promisedUnit: 'working',
    caseKind: 'promised',
    visitsRequired: (index % 3 === 0 ? 0 : 1) as 0 | 1,
    visitReason: '核验原件',
    onlineDepth: 3,
    channels: ['window', 'web'],
    fees: [],
    resultName: `${object}证`,
    resultKind: 'licence',
    serviceObjects: [index % 2 ? 'person' : 'organisation'],
    tongbanScope: 'none',
    location: '',
    hours: '',
    phone: '',
    faq: [],
    scenarios: [],
    materials: [],
    formFields: [],
    delegatedToTowns: false,
  };
}

const queries = ['低保', 'dibao', 'db', '养老机构', 'yanglao', '食品经营许可', 'shipin', '变更登记', '不动产登记', 'bdc', '老年人优待', '养老机构设力', '户口迁移(市内)'];

async function measure(size: number): Promise<{ size: number; search: number; baseline: number }> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const database = await createDatabase({ databaseUrl, dataDir: 'memory://' });
  await migrateToLatest(database.db);
  await loadDemo(createServices(database));
  const repos = createRepositories(database.db);
  // Start from the synthetic catalog alone, whatever the database held.
  await sql`TRUNCATE service_item_versions, service_items CASCADE`.execute(database.db);
  const departments = await repos.org.listDepartments();
  process.stdout.write(`  ${size} items: inserting`);
  const now = new Date();
  await database.db.transaction().execute(async (trx) => {
    const tx = createRepositories(trx);
    for (let i = 0; i < size; i++) {
      const department = departments[i % departments.length]!;
      const content = syntheticItem(i, department.name);
      const itemId = await tx.catalog.insertItem({ implementationCode: content.implementationCode, departmentId: department.id, at: now });
      await tx.catalog.insertVersion({ itemId, version: 1, status: 'published', content, departmentId: department.id, keys: searchKeys([content.name, ...content.aliases]), at: now, by: 'bench' });
      await tx.catalog.replaceSearchTokens(itemId, searchTokens(content.name, content.aliases));
      if ((i + 1) % 1000 === 0) process.stdout.write(` ${i + 1}`);
    }
  });
  await sql`ANALYZE service_item_versions`.execute(database.db);
  await sql`ANALYZE item_search_tokens`.execute(database.db);
  process.stdout.write('\n');
  const services = createServices(database);

  const time = async (run: (q: string) => Promise<unknown>) => {
    const samples: number[] = [];
    for (let r = 0; r < repeat; r++) {
      for (const q of queries) {
        const start = performance.now();
        await run(q);
        samples.push(performance.now() - start);
      }
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  };
  // Warm-up.
  for (const q of queries) await services.catalog.search({ q });
  const search = await time((q) => services.catalog.search({ q, limit: 20 }));
  const baseline = await time((q) => sql`SELECT v.name FROM service_item_versions v WHERE v.status = 'published' AND v.name LIKE ${`%${q}%`} ORDER BY v.name LIMIT 20`.execute(database.db));
  await database.close();
  return { size, search, baseline };
}

console.log(`Catalog search benchmark — ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; median of ${repeat} × ${queries.length} queries`);
const small = await measure(1000);
const large = await measure(10_000);
console.log('\nmedian ms per query     search (pinyin, initials, typos, ranking)   baseline (plain LIKE on names)');
for (const r of [small, large]) console.log(`  ${String(r.size).padStart(6)} items      ${r.search.toFixed(2).padStart(8)}                                 ${r.baseline.toFixed(2).padStart(8)}`);
console.log(`\nratio 10,000 / 1,000 items: search ${(large.search / small.search).toFixed(2)}×, baseline ${(large.baseline / small.baseline).toFixed(2)}×`);
