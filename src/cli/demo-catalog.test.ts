import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBundles, demoDataDir, demoItems, demoLicenceTypes, loadDemoCatalog } from './demo-catalog.ts';
import { channels, checkItemContent, checkLicenceType, exerciseLevels, itemTypes, profileFields, type ServiceItemContent } from '../domain/catalog.ts';

const departments = ['新泰市民政局', '新泰市市场监督管理局', '新泰市公安局', '新泰市卫生健康委员会', '新泰市人力资源和社会保障局', '新泰市住房和城乡建设局', '新泰市自然资源和规划局', '新泰市教育局'];

const byCode = new Map(demoItems.map((item) => [item.implementationCode, item]));
const stepDays = (item: ServiceItemContent) => item.processSteps.reduce((sum, step) => sum + step.days, 0);
const findByName = (name: string) => demoItems.find((item) => item.name === name || item.aliases.includes(name));

test('the catalog is big enough to demo and every item belongs to one of the eight departments', () => {
  assert.ok(demoItems.length >= 40, `${demoItems.length} items`);
  for (const item of demoItems) assert.ok(departments.includes(item.departmentName), `${item.name}: unknown department ${item.departmentName}`);
  const perDepartment = new Map<string, number>();
  for (const item of demoItems) perDepartment.set(item.departmentName, (perDepartment.get(item.departmentName) ?? 0) + 1);
  assert.ok(perDepartment.size >= 6, `${perDepartment.size} departments have items`);
  assert.ok([...perDepartment.values()].filter((n) => n >= 3).length >= 6, 'at least six departments with three or more items');
});

test('every item passes the rules the catalog service applies before saving', () => {
  for (const item of demoItems) assert.deepEqual(checkItemContent(item), [], item.name);
});

test('codes are unique and well formed', () => {
  const implementation = demoItems.map((i) => i.implementationCode);
  const basic = demoItems.map((i) => i.basicCode);
  assert.equal(new Set(implementation).size, implementation.length, 'implementation codes repeat');
  assert.equal(new Set(basic).size, basic.length, 'basic codes repeat');
  assert.equal(new Set(demoItems.map((i) => i.name)).size, demoItems.length, 'item names repeat');
  for (const item of demoItems) {
    assert.match(item.basicCode, /^\d{12}$/, item.name);
    assert.ok(item.implementationCode.startsWith('370982-'), item.name);
    assert.ok(item.itemType in itemTypes, `${item.name}: itemType ${item.itemType}`);
    assert.ok(item.exerciseLevel in exerciseLevels, `${item.name}: exerciseLevel ${item.exerciseLevel}`);
    assert.match(item.phone, /^0538-72\d{5}$/, item.name);
  }
});

test('the items the seeds talk about are there, and 低保 is found by its alias', () => {
  const required = [
    '最低生活保障对象认定',
    '临时救助对象认定',
    '特困人员认定',
    '老年人优待证办理',
    '内地居民婚姻登记',
    '社会团体成立登记',
    '民办非企业单位成立登记',
    '养老机构备案',
    '企业设立登记',
    '公章刻制备案',
    '食品经营许可',
    '药品零售企业许可',
    '建筑工程施工许可证核发',
    '不动产登记',
    '户口迁移',
    '城乡居民基本养老保险参保登记',
    '职工社会保险参保登记',
    '就业登记',
    '基本养老保险待遇申领',
    '职工退休审批',
    '出生登记',
    '生育登记',
    '城乡居民基本医疗保险参保登记',
    '居民身份证申领',
    '民办学校办学许可',
    '教师资格认定',
    '建设工程规划许可证核发',
    '商品房预售许可',
    '医疗机构执业登记',
    '公共场所卫生许可',
  ];
  for (const name of required)
    assert.ok(
      demoItems.some((i) => i.name === name),
      `missing ${name}`,
    );
  for (const alias of ['低保', '低保申请', '临时救助', '特困人员供养', '老年证', '结婚登记', '营业执照', '社保参保', '出生医学证明', '预防接种证']) {
    assert.ok(findByName(alias), `nothing found by ${alias}`);
  }
  assert.equal(findByName('低保')?.name, '最低生活保障对象认定');

  const npo = findByName('民办非企业单位成立登记')!;
  assert.deepEqual(
    npo.scenarios.map((s) => s.name),
    ['教育类', '医疗卫生类', '养老服务类'],
  );
  const perScenario = npo.scenarios.map((s) =>
    npo.materials
      .filter((m) => m.scenarios.length === 0 || m.scenarios.includes(s.code))
      .map((m) => m.key)
      .join(),
  );
  assert.equal(new Set(perScenario).size, 3, 'the three kinds of 民非 ask for different materials');

  const realty = findByName('不动产登记')!;
  for (const scenario of ['首次登记', '转移登记'])
    assert.ok(
      realty.scenarios.some((s) => s.name === scenario),
      `不动产登记 lacks ${scenario}`,
    );
});

test('civil-affairs items the seeds say towns decide are delegated and exercised at town level', () => {
  for (const name of ['最低生活保障对象认定', '临时救助对象认定', '特困人员认定', '老年人优待证办理', '城乡居民基本养老保险参保登记']) {
    assert.equal(findByName(name)?.delegatedToTowns, true, name);
  }
  for (const item of demoItems) assert.equal(item.delegatedToTowns, item.exerciseLevel === '5', `${item.name}: delegation and level 5 disagree`);
});

test('time limits: instant items promise nothing, promised items beat the law and their steps add up', () => {
  for (const item of demoItems) {
    assert.ok(item.processSteps.length >= 2, `${item.name}: too few steps`);
    for (const step of item.processSteps) assert.ok(Number.isInteger(step.days) && step.days >= 0, `${item.name}: ${step.name} days`);
    if (item.caseKind === 'instant') {
      assert.equal(item.promisedDays, 0, `${item.name}: instant but promises ${item.promisedDays} days`);
      assert.equal(stepDays(item), 0, `${item.name}: instant but its steps take days`);
    } else {
      assert.equal(item.promisedUnit, item.statutoryUnit, `${item.name}: promised and statutory limits in different units`);
      assert.ok(item.promisedDays > 0, `${item.name}: promised item with no days`);
      assert.ok(item.promisedDays <= item.statutoryDays, `${item.name}: promises ${item.promisedDays}, law allows ${item.statutoryDays}`);
      assert.equal(stepDays(item), item.promisedDays, `${item.name}: steps add up to ${stepDays(item)}, promise is ${item.promisedDays}`);
    }
  }
  const dibao = findByName('低保')!;
  assert.equal(dibao.caseKind, 'promised');
  assert.ok(dibao.promisedDays >= 7 && dibao.promisedDays < dibao.statutoryDays, '低保: the seed says 7 days at best, 30 by law');
});

test('visits: one visit has a reason, zero visits has an online channel deep enough to apply', () => {
  for (const item of demoItems) {
    assert.ok(item.channels.length > 0 && item.channels.every((c) => channels.includes(c)), `${item.name}: channels`);
    if (item.visitsRequired === 1) assert.ok(item.visitReason.trim().length > 0, `${item.name}: one visit without a reason`);
    else {
      assert.equal(item.visitReason, '', `${item.name}: zero visits but a visit reason`);
      assert.ok(item.onlineDepth >= 3, `${item.name}: zero visits with online depth ${item.onlineDepth}`);
    }
  }
  assert.equal(findByName('结婚登记')?.visitsRequired, 1);
  assert.equal(findByName('居民身份证申领')?.visitsRequired, 1);
});

test('guide text is filled in', () => {
  for (const item of demoItems) {
    for (const field of ['legalBasis', 'conditions', 'resultName', 'location', 'hours'] as const) assert.ok(item[field].trim(), `${item.name}: empty ${field}`);
    assert.ok(item.faq.length >= 1 && item.faq.length <= 3, `${item.name}: ${item.faq.length} faq entries`);
    assert.ok(item.serviceObjects.length > 0, `${item.name}: no service objects`);
    for (const fee of item.fees) assert.ok(fee.amount && fee.basis, `${item.name}: fee ${fee.name} without amount or basis`);
  }
  assert.ok(
    findByName('居民身份证申领')!.fees.some((f) => f.amount.startsWith('20元')),
    '居民身份证 工本费 20 元',
  );
});

test('materials: deferral, licence sources and scenarios are consistent within each item', () => {
  for (const item of demoItems) {
    const scenarioCodes = item.scenarios.map((s) => s.code);
    assert.equal(new Set(scenarioCodes).size, scenarioCodes.length, `${item.name}: scenario codes repeat`);
    const keys = item.materials.map((m) => m.key);
    assert.equal(new Set(keys).size, keys.length, `${item.name}: material keys repeat`);
    assert.ok(item.materials.length > 0, `${item.name}: no materials`);
    for (const m of item.materials) {
      const where = `${item.name} / ${m.name}`;
      assert.equal(m.deferrable, m.deferrableUntil !== null, `${where}: deferrable and deferrableUntil disagree`);
      if (m.deferrable) assert.ok(m.required, `${where}: only a required material can be deferred`);
      assert.equal(m.source === 'licence', m.licenceType !== null, `${where}: licence source and licenceType disagree`);
      for (const code of m.scenarios) assert.ok(scenarioCodes.includes(code), `${where}: unknown scenario ${code}`);
      assert.ok(m.originals >= 0 && m.copies >= 0, where);
    }
  }
  assert.ok(
    demoItems.flatMap((i) => i.materials).some((m) => m.deferrable),
    'some materials can be deferred (容缺)',
  );
});

test('a shared material key is the same material everywhere, so bundles can merge it', () => {
  const seen = new Map<string, { name: string; source: string; licenceType: string | null; item: string }>();
  for (const item of demoItems) {
    for (const m of item.materials) {
      const first = seen.get(m.key);
      if (!first) seen.set(m.key, { name: m.name, source: m.source, licenceType: m.licenceType, item: item.name });
      else {
        const where = `${m.key} in ${item.name} vs ${first.item}`;
        assert.equal(m.name, first.name, where);
        assert.equal(m.source, first.source, where);
        assert.equal(m.licenceType, first.licenceType, where);
      }
    }
  }
  assert.equal(seen.get('id_card')?.name, '居民身份证');
  assert.equal(seen.get('id_card')?.licenceType, '居民身份证');
  assert.equal(seen.get('business_licence')?.licenceType, '营业执照');
});

test('form fields: keys unique within an item and the same question wherever they appear', () => {
  const seen = new Map<string, { label: string; type: string; profileField: string | undefined; item: string }>();
  for (const item of demoItems) {
    const keys = item.formFields.map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length, `${item.name}: form field keys repeat`);
    assert.ok(item.formFields.length > 0, `${item.name}: no form`);
    for (const f of item.formFields) {
      if (f.profileField) assert.ok(profileFields.includes(f.profileField), `${item.name}: ${f.key}`);
      if (f.type === 'select') assert.ok(f.options && f.options.length > 0, `${item.name}: select ${f.key} without options`);
      const first = seen.get(f.key);
      if (!first) seen.set(f.key, { label: f.label, type: f.type, profileField: f.profileField, item: item.name });
      else {
        const where = `${f.key} in ${item.name} vs ${first.item}`;
        assert.equal(f.label, first.label, where);
        assert.equal(f.type, first.type, where);
        assert.equal(f.profileField, first.profileField, where);
      }
    }
  }
  assert.equal(seen.get('applicant_name')?.profileField, 'name');
  assert.equal(seen.get('id_number')?.profileField, 'idNumber');
});

test('bundles: the 一件事 the seeds name exist, reference real items and cannot beat their slowest member', () => {
  assert.ok(demoBundles.length >= 4);
  assert.equal(new Set(demoBundles.map((b) => b.code)).size, demoBundles.length, 'bundle codes repeat');
  for (const words of ['企业开办', '开办餐饮店', '出生一件事', '退休一件事']) {
    assert.ok(
      demoBundles.some((b) => b.name.includes(words)),
      `no bundle named like ${words}`,
    );
  }
  for (const bundle of demoBundles) {
    assert.ok(departments.includes(bundle.leadDepartmentName), `${bundle.name}: lead ${bundle.leadDepartmentName}`);
    assert.ok(bundle.itemCodes.length >= 2, `${bundle.name}: fewer than two members`);
    assert.equal(new Set(bundle.itemCodes).size, bundle.itemCodes.length, `${bundle.name}: a member twice`);
    const members = bundle.itemCodes.map((code) => {
      const item = byCode.get(code);
      assert.ok(item, `${bundle.name}: unknown item ${code}`);
      return item;
    });
    assert.ok(bundle.promisedDays > 0, `${bundle.name}: no promise`);
    for (const member of members) {
      assert.equal(member.promisedUnit, 'working', `${bundle.name}: ${member.name} counts natural days`);
      assert.ok(bundle.promisedDays >= member.promisedDays, `${bundle.name}: promises ${bundle.promisedDays}, ${member.name} alone takes ${member.promisedDays}`);
    }
    const sum = members.reduce((total, m) => total + m.promisedDays, 0);
    if (members.filter((m) => m.caseKind === 'promised').length >= 2) assert.ok(bundle.promisedDays < sum, `${bundle.name}: no faster than applying one by one`);
  }
  const startup = demoBundles.find((b) => b.name.includes('企业开办'))!;
  assert.ok(startup.itemCodes.includes(findByName('企业设立登记')!.implementationCode));
  assert.ok(startup.itemCodes.includes(findByName('公章刻制备案')!.implementationCode));
});

test('the bundles that open a business register it first and never ask for the USCC or 营业执照 they create', async () => {
  const { mergeBundle } = await import('../domain/bundle.ts');
  const opening = demoBundles.filter((b) => ['370982-YJS-001', '370982-YJS-002', '370982-YJS-003', '370982-YJS-004'].includes(b.code));
  assert.equal(opening.length, 4);
  for (const bundle of opening) {
    const members = bundle.itemCodes.map((code) => byCode.get(code)!);
    const merged = mergeBundle(members.map((m) => ({ implementationCode: m.implementationCode, name: m.name, formFields: m.formFields, materials: m.materials, resultName: m.resultName, resultKind: m.resultKind })));
    assert.equal(merged.registration?.implementationCode, bundle.itemCodes[0], `${bundle.name}: the first member registers the business`);
    assert.equal(merged.registration?.kind, 'company');
    assert.ok(!merged.formFields.some((f) => f.type === 'uscc'), bundle.name);
    assert.ok(!merged.materials.some((m) => m.licenceType === '营业执照'), bundle.name);
  }
});

test('licence types: every licence result and licence-sourced material names one; codes are an authority USCC and 3 digits', () => {
  const byName = new Map(demoLicenceTypes.map((t) => [t.name, t]));
  assert.equal(byName.size, demoLicenceTypes.length, 'names repeat');
  assert.equal(new Set(demoLicenceTypes.map((t) => t.code)).size, demoLicenceTypes.length, 'codes repeat');
  for (const type of demoLicenceTypes) assert.deepEqual(checkLicenceType(type), [], type.name);
  for (const item of demoItems.filter((i) => i.resultKind === 'licence')) {
    assert.ok(byName.has(item.resultLicenceType ?? item.resultName), `${item.name}: result ${item.resultLicenceType ?? item.resultName} is no licence type`);
  }
  for (const item of demoItems) for (const m of item.materials) if (m.source === 'licence' && m.licenceType) assert.ok(byName.has(m.licenceType), `${item.name}: material ${m.licenceType}`);
  assert.equal(byName.get('食品经营许可证')!.validityYears, 5);
  assert.equal(byName.get('营业执照')!.validityYears, null, '营业执照 is 长期');
});

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown[];

test('the JSON files are the demo catalog as stored, each entry passing the checks the import applies', () => {
  // Equal to the raw files: the loader's zod shapes (which trim) changed nothing, so the data is kept as the API would keep it.
  assert.deepEqual(readJson(demoDataDir, 'items.json'), demoItems);
  assert.deepEqual(readJson(demoDataDir, 'bundles.json'), demoBundles);
  assert.deepEqual(readJson(demoDataDir, 'licence-types.json'), demoLicenceTypes);
  for (const item of readJson(demoDataDir, 'items.json') as ServiceItemContent[]) assert.deepEqual(checkItemContent(item), [], item.name);
  for (const type of readJson(demoDataDir, 'licence-types.json') as Parameters<typeof checkLicenceType>[0][]) assert.deepEqual(checkLicenceType(type), [], type.name);
});

/** A copy of demo-data with `change` applied to one file, loaded; the directory is removed after. */
function loadChanged(file: string, change: (entries: unknown[]) => unknown): () => unknown {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-data-'));
    try {
      cpSync(demoDataDir, dir, { recursive: true });
      writeFileSync(join(dir, file), JSON.stringify(change(readJson(dir, file))));
      return loadDemoCatalog(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('an item that breaks a catalog rule is refused, naming the file, the item and the field', () => {
  const lowIncome = demoItems.findIndex((i) => i.name === '最低生活保障对象认定');
  const broken = loadChanged('items.json', (items) => {
    const item = items[lowIncome] as ServiceItemContent;
    item.materials[0] = { ...item.materials[0]!, source: 'licence', licenceType: null };
    return items;
  });
  assert.throws(broken, (error: Error) => {
    assert.match(error.message, /^demo-data\/items\.json: 1 bad entry/);
    assert.match(error.message, new RegExp(`#${lowIncome} 最低生活保障对象认定 \\(370982-[^)]+\\): materials\\.0\\.licenceType: 来源为证照库的材料须写明证照类型`));
    return true;
  });
});

test('entries of the wrong shape are refused, every one named, before any rule is applied', () => {
  const broken = loadChanged('licence-types.json', (types) => {
    delete (types[1] as Record<string, unknown>).authorityName;
    (types[4] as Record<string, unknown>).validityYears = 'forever';
    return types;
  });
  assert.throws(broken, (error: Error) => {
    assert.match(error.message, /^demo-data\/licence-types\.json: 2 bad entries/);
    assert.match(error.message, new RegExp(`#1 ${demoLicenceTypes[1]!.name} ${demoLicenceTypes[1]!.code}: authorityName: `));
    assert.match(error.message, new RegExp(`#4 ${demoLicenceTypes[4]!.name} ${demoLicenceTypes[4]!.code}: validityYears: `));
    return true;
  });
  assert.throws(
    loadChanged('bundles.json', (bundles) => ({ bundles })),
    /^Error: demo-data\/bundles\.json: expected an array of entries$/,
  );
  assert.throws(
    loadChanged('bundles.json', (bundles) => [{ ...(bundles[0] as object), itemCodes: ['370982-ONLY-ONE'] }]),
    /demo-data\/bundles\.json: 1 bad entry\n {2}#0 .+: itemCodes: /,
  );
});

test('a file that is not JSON is refused with its name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-data-'));
  try {
    cpSync(demoDataDir, dir, { recursive: true });
    writeFileSync(join(dir, 'items.json'), '[{"name": ');
    assert.throws(() => loadDemoCatalog(dir), /^Error: demo-data\/items\.json: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
