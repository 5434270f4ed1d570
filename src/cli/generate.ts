/**
 * The scale generator (issue 16): a province-like history of N cases, for benchmarks at ten
 * thousand to ten million cases. On top of the demo organisation (山东省 → 泰安市 → 新泰市) it plants
 * 16 cities × 8 counties × 10 towns × 15 villages, each county with the demo county's eight
 * departments and a clone of its published catalog (48 items, new implementation codes), then writes
 * a year of cases up to `to` with the rows the app's own reads use: cases (applicant, masked ID,
 * phone), applicants (the resident ID sealed, its keyed fingerprint, masked), the action log,
 * visits, review tasks of running cases, materials where one is deferred or missing, correction,
 * refusal and 容缺 notices, and 好差评 on about 40 % of concluded cases; then the case-number
 * counters, the `case_stats` rollup and the supervision rollups (`rebuildSupervisionStats`) from them.
 *
 * Rows go in by COPY (PostgreSQL: COPY FROM STDIN; PGlite: COPY from a blob), a batch of cases per
 * transaction, so memory stays flat whatever N. Everything is chosen by one seeded PRNG stream in
 * case order: the same seed, `to` and N give the same rows (ids included; only the sealed columns
 * differ, as AES-GCM seals with a random IV). It is a load fixture, not an audited record: no audit
 * rows, no outbox, no notifications.
 *
 * Simplifications, said here once: working days are Monday to Friday (no holidays); cases are
 * single items (no 一件事 bundles); e-licences, filings, appointments, tickets and rectifications
 * of bad ratings are not generated.
 */
import type { Database } from '../db/database.ts';
import { addDays, isoWeekday } from '../domain/calendar.ts';
import { formatCaseNumber } from '../domain/case-number.ts';
import { reviewStages } from '../domain/case-process.ts';
import type { ServiceItemContent } from '../domain/catalog.ts';
import { maskResidentId, residentIdCheckChar } from '../domain/resident-id.ts';
import { composeUscc } from '../domain/uscc.ts';
import { type CatalogClone, ScaleRepository } from '../repositories/scale.repository.ts';
import { rebuildSupervisionStats } from '../repositories/supervision-stats.ts';
import type { IdProtector } from '../services/id-protection.ts';
import { demoItems } from './demo-catalog.ts';
import { seededRandom } from './demo-history.ts';

export const defaultGenerateSeed = 16;

/** The demo county the generated ones copy, and its province and city. */
const demoCounty = '370982';
const province = '370000';

/** The cities of 山东省 (GB/T 2260); 泰安市 (3709) is the demo's and gets 8 more counties beside 新泰市. */
const cities = [
  ['3701', '济南市'],
  ['3702', '青岛市'],
  ['3703', '淄博市'],
  ['3704', '枣庄市'],
  ['3705', '东营市'],
  ['3706', '烟台市'],
  ['3707', '潍坊市'],
  ['3708', '济宁市'],
  ['3709', '泰安市'],
  ['3710', '威海市'],
  ['3711', '日照市'],
  ['3713', '临沂市'],
  ['3714', '德州市'],
  ['3715', '聊城市'],
  ['3716', '滨州市'],
  ['3717', '菏泽市'],
] as const;
export const generatedShape = { cities: cities.length, countiesPerCity: 8, townsPerCounty: 10, villagesPerTown: 15 } as const;

const countyWords = ['东城', '西城', '南山', '北湖', '高新', '平原', '河口', '新城', '龙泉', '清河', '凤凰', '金山'];
const townWords = ['青石', '柳林', '杏花', '桃源', '石桥', '白云', '红旗', '双河', '黄庄', '马店', '王集', '李营', '张湾', '刘楼', '孙集'];
const villageWords = ['前', '后', '东', '西', '南', '北', '大', '小', '上', '下', '中', '新', '老', '高', '李'];
const surnames = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const givenNames = ['建国', '秀英', '志强', '桂兰', '海燕', '立新', '春梅', '国庆', '文博', '雨桐', '子涵', '明轩', '晓东', '丽华', '永刚', '玉珍', '浩然', '欣怡', '德胜', '淑芬', '俊杰', '静怡', '宏伟', '翠花'];
const firmWords = ['鑫源商贸', '泰和餐饮', '青云酒店管理', '康宁大药房', '恒达建筑工程', '丰收农业发展', '精工机械制造', '通达物流', '东都食品', '安泰医疗器械', '博文教育咨询', '福瑞养老服务'];
const frontDeskNames = ['综合受理员 李娜', '综合受理员 王芳', '综合受理员 陈晨', '综合受理员 赵敏'];

export interface GenerateOptions {
  cases: number;
  seed: number;
  /** The day the history leads up to (China date, YYYY-MM-DD): cases are received on the working days of the year before it. */
  to: string;
  /** Cases per transaction (default 50,000). */
  batchSize?: number;
  /** Calendar days of history before `to` (default 365). */
  days?: number;
  progress?: (done: number, total: number, rows: number) => void;
}

export interface GenerateSummary {
  regions: number;
  departments: number;
  items: number;
  applicants: number;
  cases: number;
  actions: number;
  visits: number;
  tasks: number;
  materials: number;
  notices: number;
  ratings: number;
  /** Every row written by COPY (applicants and cases and all theirs). */
  rows: number;
  seconds: number;
  /** Of which loading the applicants and cases (COPY and building their text). */
  loadSeconds: number;
  /** Of which waiting for COPY (the rest is building the rows). */
  copySeconds: number;
}

/** Deterministic UUIDs: seed and table in the first groups, the row's number in the rest (version 4 layout). */
function uuidMaker(seed: number, table: number): (n: number) => string {
  const head = `${(seed >>> 0).toString(16).padStart(8, '0')}-${table.toString(16).padStart(4, '0')}-4`;
  return (n) => {
    const h = n.toString(16).padStart(15, '0');
    return `${head}${h.slice(0, 3)}-8${h.slice(3, 6)}-${h.slice(6).padStart(12, '0')}`;
  };
}

/** The query password of the generated cases numbered n modulo 256. */
export function queryPassword(seed: number, n: number): string {
  return String((n * 7919 + seed) % 1_000_000).padStart(6, '0');
}

/** Draws an index with probability proportional to its weight (binary search over the running sums). */
function weightedPicker(weights: readonly number[], random: () => number): () => number {
  const sums: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    sums.push(total);
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sums[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** COPY text: backslash, tab, newline and carriage return escaped. */
function esc(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

const N = '\\N';
const iso = (ms: number) => new Date(ms).toISOString();
/** The instant of a China wall-clock time (`minutes` after midnight) on `day`. */
const at = (day: string, minutes: number) => Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000;

interface County {
  code: string;
  name: string;
  path: string;
  /** 12 county-level departments by the demo's suffix (民政局 …). */
  departments: Map<string, string>;
  towns: { code: string; path: string; villages: { code: string; path: string }[] }[];
  /** Per template item (index in `demoItems`): the version id and implementation code there. */
  versions: { id: string; code: string; departmentId: string }[];
  weight: number;
}

interface Item {
  content: ServiceItemContent;
  persons: boolean;
  organisations: boolean;
  online: boolean;
  limitDays: number;
  limitUnit: 'working' | 'natural';
  stage: { name: string; mode: 'all' | 'any'; suffixes: string[] } | null;
  deferrable: { key: string; name: string; until: string } | null;
  required: { key: string; name: string } | null;
  /** The department's suffix after the county name (民政局). */
  departmentSuffix: string;
}

const caseColumns = [
  'id',
  'case_no',
  'item_version_id',
  'item_code',
  'item_name',
  'department_id',
  'region_code',
  'region_path',
  'applicant_id',
  'applicant_name',
  'applicant_ref',
  'applicant_phone',
  'channel',
  'via_agent',
  'status',
  'outcome',
  'outcome_reason',
  'case_kind',
  'limit_days',
  'limit_unit',
  'delegated',
  'query_secret',
  'received_at',
  'accepted_on',
  'due_date',
  'paused_since',
  'paused_kind',
  'warning',
  'concluded_at',
  'delivered_at',
  'delivery',
  'archived_at',
  'visits',
  'action_seq',
  'created_by',
  'updated_at',
  'working_days_used',
] as const;
const actionColumns = ['case_id', 'seq', 'action', 'from_status', 'to_status', 'actor_kind', 'actor_id', 'actor_name', 'channel', 'region_code', 'at', 'payload'] as const;
const visitColumns = ['id', 'case_id', 'at', 'reason', 'cause', 'region_code', 'recorded_by'] as const;
const taskColumns = ['id', 'case_id', 'stage_index', 'stage_name', 'mode', 'round', 'department_id', 'region_path', 'delegated', 'status', 'due_date', 'created_at'] as const;
const materialColumns = ['case_id', 'key', 'name', 'required', 'deferrable_until', 'state', 'deferred_due', 'collected_at'] as const;
const noticeColumns = ['id', 'case_id', 'kind', 'content', 'issued_at'] as const;
const ratingColumns = ['id', 'subject_key', 'channel', 'source', 'form_id', 'case_id', 'level', 'applicant_id', 'department_id', 'region_code', 'region_path', 'item_code', 'item_version', 'given_at', 'change_until'] as const;
const applicantColumns = ['id', 'kind', 'name', 'id_fingerprint', 'id_sealed', 'id_masked', 'uscc', 'legal_representative', 'phone', 'address', 'gender', 'birth_date', 'region_code', 'created_at', 'updated_at'] as const;

/** Writes the generated province and its cases into `database`, which must hold the demo organisation and catalog. */
export async function generateHistory(database: Database, ids: IdProtector, options: GenerateOptions): Promise<GenerateSummary> {
  if (!Number.isSafeInteger(options.cases) || options.cases < 1) throw new Error('--cases must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.to) || Number.isNaN(Date.parse(options.to))) throw new Error(`--to must be a date YYYY-MM-DD, not ${options.to}`);
  const started = performance.now();
  const seed = options.seed;
  const batchSize = options.batchSize ?? 50_000;
  const caseId = uuidMaker(seed, 0xca5e);
  const visitId = uuidMaker(seed, 0x0715);
  const taskId = uuidMaker(seed, 0x7a5c);
  const noticeId = uuidMaker(seed, 0x0071);
  const ratingId = uuidMaker(seed, 0x0a7e);
  const personId = uuidMaker(seed, 0x0001);
  const orgId = uuidMaker(seed, 0x0002);
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  // ---- the working days: the window, and enough after it for the due dates -------------------
  const first = addDays(options.to, -(options.days ?? 365));
  const workdays: string[] = [];
  for (let d = first; d < addDays(options.to, 200); d = addDays(d, 1)) if (isoWeekday(d) <= 5) workdays.push(d);
  const todayIndex = workdays.findIndex((d) => d >= options.to);
  const receiveDays = todayIndex; // workdays[0 .. todayIndex - 1] are before `to`
  if (receiveDays < 1) throw new Error('the window holds no working day');
  const today = options.to;

  // ---- the organisation: regions, departments, the catalog cloned ----------------------------
  const org = await database.bulk(async (session) => {
    const repo = new ScaleRepository(session);
    if (!(await repo.regionExists(demoCounty))) throw new Error('the demo organisation is not loaded: run onewindow demo load --no-history first');
    if (await repo.regionExists('370101')) throw new Error('this database already holds a generated province (region 370101); generate into a fresh one');
    await repo.ensureLogPartitions(first, addDays(options.to, 200));
    const templateDepartments = await repo.departmentsOf(demoCounty);
    const templateVersions = await repo.publishedVersionsOf(demoCounty);
    const demoPath = (await repo.regionPath(demoCounty))!;
    const towns = await session.query<{ code: string; path: string }>(`SELECT code, path FROM regions WHERE parent_code = $1 ORDER BY code`, [demoCounty]);
    const villages = await session.query<{ code: string; path: string; parent_code: string }>(`SELECT code, path, parent_code FROM regions WHERE level = 'village' AND path LIKE $1 ORDER BY code`, [`${demoPath}.%`]);
    const orgRandom = seededRandom(2_026_1216);
    const counties: County[] = [];
    const versionByCode = new Map(templateVersions.map((v) => [v.implementationCode, v]));
    const suffixOf = (name: string) => name.replace(/^新泰市/, '');
    counties.push({
      code: demoCounty,
      name: '新泰市',
      path: demoPath,
      departments: new Map(templateDepartments.map((d) => [suffixOf(d.name), d.id])),
      towns: towns.map((t) => ({ code: t.code, path: t.path, villages: villages.filter((v) => v.parent_code === t.code).map((v) => ({ code: v.code, path: v.path })) })),
      versions: demoItems.map((item) => {
        const v = versionByCode.get(item.implementationCode);
        if (!v) throw new Error(`the demo item ${item.implementationCode} is not published`);
        return { id: v.id, code: item.implementationCode, departmentId: v.departmentId };
      }),
      weight: 1,
    });
    const regionRows: string[] = [];
    const departmentRows: string[] = [];
    const clones: CatalogClone[] = [];
    const now = Date.parse(`${first}T00:00:00+08:00`);
    const orgUuid = uuidMaker(seed, 0x0d00);
    let orgN = 0;
    const region = (code: string, name: string, level: string, parent: string, path: string) => regionRows.push(`${code}\t${name}\t${level}\t${parent}\t${path}\t${iso(now)}`);
    for (const [cityPrefix, cityName] of cities) {
      const cityCode = `${cityPrefix}00`;
      const cityPath = `${province}.${cityCode}`;
      if (cityCode !== '370900') region(cityCode, cityName, 'city', province, cityPath);
      for (let c = 1; c <= generatedShape.countiesPerCity; c++) {
        const code = `${cityPrefix}${String(c).padStart(2, '0')}`;
        const name = `${cityName.slice(0, 2)}${countyWords[(c - 1 + Number(cityPrefix)) % countyWords.length]}${c % 3 === 0 ? '县' : '区'}`;
        const path = `${cityPath}.${code}`;
        region(code, name, 'county', cityCode, path);
        const county: County = { code, name, path, departments: new Map(), towns: [], versions: [], weight: 0.4 + orgRandom() * 1.2 };
        for (let t = 1; t <= generatedShape.townsPerCounty; t++) {
          const townCode = `${code}${String(100 + t).padStart(3, '0')}`;
          const townPath = `${path}.${townCode}`;
          region(townCode, `${townWords[(t + c) % townWords.length]}${t === 1 ? '街道' : '镇'}`, 'town', code, townPath);
          const town = { code: townCode, path: townPath, villages: [] as { code: string; path: string }[] };
          for (let v = 1; v <= generatedShape.villagesPerTown; v++) {
            const villageCode = `${townCode}${String(200 + v)}`;
            const villagePath = `${townPath}.${villageCode}`;
            region(villageCode, `${villageWords[(v + t) % villageWords.length]}${surnames[(v * 7 + t * 3 + c) % surnames.length]}家${v % 2 ? '庄' : '洼'}村`, 'village', townCode, villagePath);
            town.villages.push({ code: villageCode, path: villagePath });
          }
          county.towns.push(town);
        }
        for (const [index, d] of templateDepartments.entries()) {
          const id = orgUuid(orgN++);
          const suffix = suffixOf(d.name);
          const uscc = composeUscc('government', code, `MB${String(28_500 + index * 17).padStart(6, '0')}`);
          departmentRows.push(`${id}\t${name}${suffix}\t${uscc}\t${code}\t${d.phone ?? N}\t${iso(now)}`);
          county.departments.set(suffix, id);
        }
        const departmentNames = new Map(templateDepartments.map((d) => [d.id, suffixOf(d.name)]));
        for (const item of demoItems) {
          const v = versionByCode.get(item.implementationCode)!;
          const clone: CatalogClone = {
            sourceVersionId: v.id,
            sourceItemId: v.itemId,
            itemId: orgUuid(orgN++),
            versionId: orgUuid(orgN++),
            implementationCode: item.implementationCode.replace(demoCounty, code),
            departmentId: county.departments.get(departmentNames.get(v.departmentId)!)!,
            countyName: name,
            countyCode: code,
          };
          clones.push(clone);
          county.versions.push({ id: clone.versionId, code: clone.implementationCode, departmentId: clone.departmentId });
        }
        counties.push(county);
      }
    }
    await repo.copy('regions', ['code', 'name', 'level', 'parent_code', 'path', 'created_at'], `${regionRows.join('\n')}\n`);
    await repo.copy('departments', ['id', 'name', 'uscc', 'region_code', 'phone', 'created_at'], `${departmentRows.join('\n')}\n`);
    await repo.cloneCatalog(clones, new Date(now));
    const forms = await repo.ratingForms();
    const sequences = await repo.caseSequences(workdays[0]!, today);
    return { counties, regions: regionRows.length, departments: departmentRows.length, items: clones.length, forms, sequences };
  });
  const { counties, forms, sequences } = org;
  const onsiteForm = forms.get('onsite');
  const onlineForm = forms.get('online');
  if (!onsiteForm || !onlineForm) throw new Error('no rating forms');

  // ---- the items: Zipf-like popularity over a fixed shuffle of the catalog ----------------------
  const items: Item[] = demoItems.map((content) => {
    const stages = reviewStages(content);
    const deferrable = content.materials.find((m) => m.deferrable && m.deferrableUntil);
    const required = content.materials.find((m) => m.required && m.scenarios.length === 0);
    const suffix = (name: string) => name.replace(/^新泰市/, '');
    return {
      content,
      persons: content.serviceObjects.includes('person'),
      organisations: content.serviceObjects.includes('organisation'),
      online: content.channels.includes('web') || content.channels.includes('mobile'),
      limitDays: content.promisedDays,
      limitUnit: content.promisedUnit,
      stage: stages[0] ? { name: stages[0].name, mode: stages[0].mode, suffixes: stages[0].departments.map(suffix) } : null,
      deferrable: deferrable ? { key: deferrable.key, name: deferrable.name, until: deferrable.deferrableUntil! } : null,
      required: required ? { key: required.key, name: required.name } : null,
      departmentSuffix: suffix(content.departmentName),
    };
  });
  const rank = items.map((_, i) => i);
  const shuffle = seededRandom(seed ^ 0x5eed);
  for (let i = rank.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  const pickItem = weightedPicker(
    rank.map((_, r) => 1 / (r + 1) ** 0.9),
    random,
  );
  const pickRank = () => rank[pickItem()]!;
  const pickCounty = weightedPicker(
    counties.map((c) => c.weight),
    random,
  );

  // ---- applicants: persons and organisations numbered per county ------------------------------
  const C = counties.length;
  const personsPerCounty = Math.max(4, Math.ceil((options.cases * 0.45) / C));
  const orgsPerCounty = Math.max(2, Math.ceil((options.cases * 0.06) / C));
  const personCount = personsPerCounty * C;
  const orgCount = orgsPerCounty * C;
  if (personsPerCounty > 20_000 * 800) throw new Error('too many cases for distinct resident IDs per county');
  if (orgCount >= 10_000_000) throw new Error('too many cases for distinct organisation codes');
  const birthBase = Date.parse('1950-01-01T00:00:00Z');
  /** Person k: county k % C; birth date and sequence from k / C, so every ID number is distinct. */
  const person = (k: number) => {
    const county = counties[k % C]!;
    const j = Math.floor(k / C);
    const birth = new Date(birthBase + (j % 20_000) * 86_400_000).toISOString().slice(0, 10);
    const sequence = String(Math.floor(j / 20_000) % 800).padStart(3, '0');
    const first17 = `${county.code}${birth.replaceAll('-', '')}${sequence}`;
    const id = `${first17}${residentIdCheckChar(first17)}`;
    const male = Number(sequence[2]) % 2 === 1;
    const name = `${surnames[(k * 31 + 7) % surnames.length]}${givenNames[(k * 17 + 3) % givenNames.length]}`;
    const phone = `1${[3, 5, 7, 8][k % 4]}${k % 10}${String(k).padStart(8, '0').slice(-8)}`;
    return { id: personId(k), idNumber: id, name, phone, masked: maskResidentId(id), birth, male, county };
  };
  const organisation = (k: number) => {
    const county = counties[k % C]!;
    const body = `G${String(k).padStart(7, '0')}`;
    const uscc = composeUscc('company', county.code, body);
    const name = `${county.name}${firmWords[k % firmWords.length]}${k >= firmWords.length ? `${Math.floor(k / firmWords.length)}号` : ''}有限公司`;
    const phone = `0${530 + (k % 9)}${String(7_000_000 + (k % 3_000_000)).padStart(7, '0')}`;
    return { id: orgId(k), uscc, name, phone, county, legal: `${surnames[(k * 13) % surnames.length]}${givenNames[(k * 5) % givenNames.length]}` };
  };

  let rows = 0;
  let copySeconds = 0;
  const loadStarted = performance.now();
  const totalUnits = personCount + orgCount + options.cases;
  let unitsDone = 0;
  options.progress?.(0, totalUnits, 0);
  const createdAt = iso(Date.parse(`${workdays[0]}T00:00:00+08:00`));
  for (let from = 0; from < personCount + orgCount; from += batchSize) {
    const lines: string[] = [];
    const to = Math.min(personCount + orgCount, from + batchSize);
    for (let k = from; k < to; k++) {
      if (k < personCount) {
        const p = person(k);
        lines.push(`${p.id}\tperson\t${p.name}\t${ids.fingerprint(p.idNumber)}\t${ids.seal(p.idNumber)}\t${p.masked}\t${N}\t\t${p.phone}\t${p.county.name}\t${p.male ? '男' : '女'}\t${p.birth}\t${p.county.code}\t${createdAt}\t${createdAt}`);
      } else {
        const o = organisation(k - personCount);
        lines.push(`${o.id}\torganisation\t${o.name}\t${N}\t${N}\t${N}\t${o.uscc}\t${o.legal}\t${o.phone}\t${o.county.name}\t${N}\t${N}\t${o.county.code}\t${createdAt}\t${createdAt}`);
      }
    }
    const copyStarted = performance.now();
    await database.bulk((session) => new ScaleRepository(session).copy('applicants', applicantColumns, `${lines.join('\n')}\n`));
    copySeconds += (performance.now() - copyStarted) / 1000;
    rows += lines.length;
    unitsDone += lines.length;
    options.progress?.(unitsDone, totalUnits, rows);
  }

  // ---- cases ------------------------------------------------------------------------------------
  const summary = { actions: 0, visits: 0, tasks: 0, materials: 0, notices: 0, ratings: 0 };
  let pending: Promise<void> = Promise.resolve();
  // Query passwords (查询密码): 256 sealed ones taken in turn; sealing one per case would cost more
  // than the rest of the case (AES-GCM with a fresh IV). Case i's password is queryPassword(seed, i % 256).
  const querySecrets = Array.from({ length: 256 }, (_, n) => ids.seal(queryPassword(seed, n)));
  const counters = new Map<string, number>();
  let counterDay = '';
  let visitN = 0;
  let taskN = 0;
  let noticeN = 0;
  let ratingN = 0;
  for (let from = 0; from < options.cases; from += batchSize) {
    const to = Math.min(options.cases, from + batchSize);
    const caseLines: string[] = [];
    const actionLines: string[] = [];
    const visitLines: string[] = [];
    const taskLines: string[] = [];
    const materialLines: string[] = [];
    const noticeLines: string[] = [];
    const ratingLines: string[] = [];
    for (let i = from; i < to; i++) {
      // Let the previous batch's COPY stream out now and then (building is synchronous).
      if ((i & 2047) === 0) await new Promise(setImmediate);
      // Cases in date order, spread evenly over the working days of the window.
      const dayIndex = Math.floor((i * receiveDays) / options.cases);
      const day = workdays[dayIndex]!;
      if (day !== counterDay) {
        counters.clear();
        counterDay = day;
      }
      const countyIndex = pickCounty();
      const county = counties[countyIndex]!;
      const itemIndex = pickRank();
      const item = items[itemIndex]!;
      const version = county.versions[itemIndex]!;
      const departmentId = version.departmentId;
      const id = caseId(i);

      // Where and how it came in.
      const r = random();
      let channel: 'window' | 'web' | 'mobile' | 'kiosk' | 'express' = 'window';
      let viaAgent = false;
      if (r < 0.52 || !item.online) channel = 'window';
      else if (r < 0.74) channel = 'web';
      else if (r < 0.9) channel = 'mobile';
      else if (r < 0.97) viaAgent = true;
      else if (r < 0.99) channel = 'kiosk';
      else channel = 'express';
      const town = county.towns[Math.floor(random() * county.towns.length)]!;
      const delegated = item.content.delegatedToTowns && random() < 0.7;
      let region = { code: county.code, path: county.path };
      if (viaAgent && town.villages.length > 0) region = town.villages[Math.floor(random() * town.villages.length)]!;
      else if (delegated || (channel === 'window' && random() < 0.08)) region = town;
      const isDelegated = delegated && region.code !== county.code;

      // Who.
      const asOrganisation = item.organisations && (!item.persons || random() < 0.3);
      const perCounty = asOrganisation ? orgsPerCounty : personsPerCounty;
      const k = countyIndex + C * Math.floor(random() * perCounty);
      const applicant = asOrganisation ? organisation(k) : person(k);
      const applicantRef = asOrganisation ? (applicant as ReturnType<typeof organisation>).uscc : (applicant as ReturnType<typeof person>).masked;

      const key = `${region.code}|${day}`;
      const sequence = (counters.get(region.code) ?? sequences.get(key) ?? 0) + 1;
      counters.set(region.code, sequence);
      const caseNo = formatCaseNumber(region.code, day, sequence);
      const receivedAt = at(day, 8 * 60 + 30 + between(0, 500));
      const clerk = frontDeskNames[i % frontDeskNames.length]!;
      const staffChannel = 'window';
      const intakeChannel = viaAgent ? 'window' : channel;
      const inPerson = intakeChannel === 'window' && !viaAgent;

      const actions: string[] = [];
      let status = 'submitted';
      let last = receivedAt;
      const act = (action: string, to: string, when: number, kind: 'staff' | 'system' | 'applicant', name: string, how: string, payload = '{}') => {
        actions.push(`${id}\t${actions.length + 1}\t${action}\t${status === '' ? N : status}\t${to}\t${kind}\t${N}\t${name}\t${how}\t${region.code}\t${iso(when)}\t${payload}`);
        status = to;
        last = when;
      };
      status = '';
      act(
        'receive',
        'submitted',
        receivedAt,
        viaAgent ? 'staff' : channel === 'window' ? 'staff' : 'applicant',
        viaAgent ? '代办员' : channel === 'window' ? clerk : applicant.name,
        intakeChannel,
        `{"itemCode":"${version.code}","scenario":null,"viaAgent":${viaAgent}}`,
      );
      const visitsOf: { at: number; reason: string; cause: string | null; id: string }[] = [];
      if (inPerson) visitsOf.push({ at: receivedAt, reason: 'application', cause: null, id: visitId(visitN++) });

      let outcome: string | null = null;
      let outcomeReason = '';
      let acceptedOn: string | null = null;
      let dueDate: string | null = null;
      let pausedSince: string | null = null;
      let pausedKind: string | null = null;
      let warning = 'none';
      let concludedAt: number | null = null;
      let deliveredAt: number | null = null;
      let delivery: string | null = null;
      let archivedAt: number | null = null;
      let daysUsed: number | null = null;
      let acceptIndex = dayIndex;
      const age = todayIndex - dayIndex; // working days from receipt to today

      const fate = random();
      if (fate < 0.02) {
        outcomeReason = '申请事项依法不属于本机关职权范围';
        act('refuse', 'refused', receivedAt + 600_000, 'staff', clerk, staffChannel, `{"reason":"${outcomeReason}","legalBasis":"《中华人民共和国行政许可法》第三十二条"}`);
        noticeLines.push(`${noticeId(noticeN++)}\t${id}\trefusal\t{"caseNo":"${caseNo}","itemName":"${esc(item.content.name)}","reason":"${outcomeReason}"}\t${iso(last)}`);
      } else if (fate < 0.08 && item.required) {
        // 一次性告知: something missing; recent ones still wait for it, older ones came back with it.
        act('request_correction', 'needs_correction', receivedAt + 600_000, 'staff', clerk, staffChannel, `{"missing":["${item.required.key}"],"note":""}`);
        noticeLines.push(`${noticeId(noticeN++)}\t${id}\tcorrection\t{"caseNo":"${caseNo}","itemName":"${esc(item.content.name)}","missing":[{"key":"${item.required.key}","name":"${esc(item.required.name)}"}],"note":""}\t${iso(last)}`);
        const back = between(1, 4);
        if (back >= age || random() < 0.05) {
          materialLines.push(`${id}\t${item.required.key}\t${esc(item.required.name)}\tt\t${N}\tmissing\t${N}\t${N}`);
          if (random() < 0.3 && age > 15) act('withdraw', 'withdrawn', at(workdays[dayIndex + 10]!, 10 * 60), 'applicant', applicant.name, 'web');
        } else {
          acceptIndex = dayIndex + back;
          const when = at(workdays[acceptIndex]!, 9 * 60 + between(0, 420));
          act('resubmit', 'submitted', when, inPerson ? 'staff' : 'applicant', inPerson ? clerk : applicant.name, inPerson ? staffChannel : channel);
          if (inPerson) visitsOf.push({ at: when, reason: 'correction', cause: 'missing_material', id: visitId(visitN++) });
        }
      }
      if (status === 'submitted') {
        const acceptDay = workdays[acceptIndex]!;
        const acceptAt = Math.max(last + 300_000, at(acceptDay, 9 * 60));
        acceptedOn = acceptDay;
        act('accept', 'accepted', acceptAt, 'staff', clerk, staffChannel);
        const deferred = item.content.caseKind === 'promised' && item.deferrable !== null && random() < 0.08;
        const instant = item.content.caseKind === 'instant' || item.limitDays === 0;
        const addLimit = (n: number) => (item.limitUnit === 'natural' ? addDays(acceptDay, n) : workdays[acceptIndex + n]!);
        dueDate = instant ? acceptDay : addLimit(item.limitDays);
        if (deferred)
          noticeLines.push(`${noticeId(noticeN++)}\t${id}\tdeferred\t{"caseNo":"${caseNo}","itemName":"${esc(item.content.name)}","materials":[{"key":"${item.deferrable!.key}","name":"${esc(item.deferrable!.name)}"}]}\t${iso(last)}`);
        let concludeIndex = acceptIndex;
        if (instant) {
          const rejected = random() < 0.01;
          outcome = rejected ? 'rejected' : 'approved';
          act(rejected ? 'reject_on_spot' : 'decide_on_spot', 'concluded', last + between(5, 40) * 60_000, 'staff', clerk, staffChannel);
          concludedAt = last;
          daysUsed = 0;
        } else {
          act('start_review', 'in_review', last, 'system', '系统', 'system');
          const late = random() < 0.06;
          const days = late ? item.limitDays + between(1, 5) : between(1, Math.max(1, item.limitDays));
          concludeIndex = item.limitUnit === 'natural' ? acceptIndex + Math.ceil((days * 5) / 7) : acceptIndex + days;
          const withdrawn = random() < 0.015;
          if (concludeIndex >= todayIndex || (withdrawn && acceptIndex + 2 < todayIndex)) {
            if (withdrawn && acceptIndex + 2 < todayIndex) {
              act('withdraw', 'withdrawn', at(workdays[acceptIndex + 2]!, 10 * 60), 'applicant', applicant.name, 'web');
            } else {
              // Still running: a review task open, the clock's warning as of today.
              if (random() < 0.04) {
                const since = workdays[Math.min(todayIndex - 1, acceptIndex + 1)]!;
                act('suspend', 'suspended', at(since, 15 * 60), 'staff', '审批员', staffChannel, '{"reason":"需要现场勘验(特别程序)"}');
                pausedSince = since;
                pausedKind = 'special';
              }
              if (today > dueDate) warning = 'red';
              else {
                const left = item.limitUnit === 'natural' ? Math.round((Date.parse(dueDate) - Date.parse(today)) / 86_400_000) : workdays.indexOf(dueDate) - todayIndex;
                if (left <= 2 || left <= item.limitDays * 0.2) warning = 'yellow';
              }
              const stage = item.stage;
              if (stage) {
                for (const suffix of stage.suffixes) {
                  const department = county.departments.get(suffix) ?? departmentId;
                  taskLines.push(`${taskId(taskN++)}\t${id}\t0\t${esc(stage.name)}\t${stage.mode}\t1\t${department}\t${region.path}\t${isDelegated ? 't' : 'f'}\tpending\t${dueDate}\t${iso(last)}`);
                }
              }
              if (deferred) materialLines.push(`${id}\t${item.deferrable!.key}\t${esc(item.deferrable!.name)}\tt\t${item.deferrable!.until}\tdeferred\t${addLimit(Math.min(5, Math.max(1, item.limitDays - 1)))}\t${N}`);
            }
          } else {
            if (deferred) {
              const when = at(workdays[acceptIndex + 1]!, 10 * 60);
              materialLines.push(`${id}\t${item.deferrable!.key}\t${esc(item.deferrable!.name)}\tt\t${item.deferrable!.until}\tprovided\t${N}\t${iso(when)}`);
              act('collect_material', 'in_review', when, 'staff', clerk, staffChannel, `{"key":"${item.deferrable!.key}"}`);
              if (inPerson) visitsOf.push({ at: when, reason: 'deferred_material', cause: null, id: visitId(visitN++) });
            }
            const rejected = random() < 0.03;
            outcome = rejected ? 'rejected' : 'approved';
            if (rejected) outcomeReason = '经审查,申请不符合法定条件';
            act(rejected ? 'reject' : 'conclude', 'concluded', at(workdays[concludeIndex]!, 9 * 60 + between(0, 480)), 'staff', '审批员', staffChannel);
            concludedAt = last;
            // The days it took as its limit counts them (from the day after acceptance; nothing paused).
            daysUsed = item.limitUnit === 'natural' ? Math.round((Date.parse(workdays[concludeIndex]!) - Date.parse(acceptDay)) / 86_400_000) : concludeIndex - acceptIndex;
          }
        }
        if (concludedAt !== null) {
          // Delivery: at the window (a visit) or not, a few days after; old ones archived.
          const deliverIndex = concludeIndex + (instant ? 0 : between(0, 3));
          if (deliverIndex < todayIndex) {
            const method = viaAgent ? 'agent' : inPerson ? (random() < 0.55 ? 'window' : 'express') : random() < 0.6 ? 'e_licence' : random() < 0.5 ? 'express' : 'window';
            const when = instant ? last + 60_000 : at(workdays[deliverIndex]!, 9 * 60 + between(0, 480));
            act('deliver', 'delivered', when, 'staff', '出件窗口', staffChannel, `{"method":"${method}"}`);
            deliveredAt = when;
            delivery = `{"method":"${method}","by":"出件窗口"}`;
            if (method === 'window' && !instant) visitsOf.push({ at: when, reason: 'collect_result', cause: null, id: visitId(visitN++) });
            if (todayIndex - deliverIndex > 20) {
              act('archive', 'archived', at(workdays[deliverIndex + 15]!, 16 * 60), 'system', '系统', 'system');
              archivedAt = last;
            }
          }
          // 好差评 on about 40 % of concluded cases: at the pad after a visit, else online.
          if (random() < 0.4) {
            const lr = random();
            const level = lr < 0.82 ? 'very_satisfied' : lr < 0.95 ? 'satisfied' : lr < 0.985 ? 'basic' : lr < 0.996 ? 'dissatisfied' : 'very_dissatisfied';
            const lastVisit = visitsOf.at(-1);
            const given = (lastVisit?.at ?? concludedAt) + between(1, 30) * 60_000;
            const onsite = lastVisit !== undefined;
            ratingLines.push(
              `${ratingId(ratingN++)}\t${onsite ? `visit:${lastVisit.id}` : `case:${id}`}\t${onsite ? 'onsite' : 'online'}\t${onsite ? 'pad' : viaAgent ? 'agent' : random() < 0.5 ? 'sms' : 'web'}\t${onsite ? onsiteForm : onlineForm}\t${id}\t${level}\t${applicant.id}\t${departmentId}\t${region.code}\t${region.path}\t${version.code}\t1\t${iso(given)}\t${iso(given + 7 * 86_400_000)}`,
            );
          }
        }
      }
      for (const v of visitsOf) visitLines.push(`${v.id}\t${id}\t${iso(v.at)}\t${v.reason}\t${v.cause ?? N}\t${region.code}\t${N}`);
      summary.visits += visitsOf.length;
      const limitUnit = item.limitUnit;
      const caseKind = item.content.caseKind;
      caseLines.push(
        [
          id,
          caseNo,
          version.id,
          version.code,
          esc(item.content.name),
          departmentId,
          region.code,
          region.path,
          applicant.id,
          applicant.name,
          applicantRef,
          applicant.phone,
          intakeChannel,
          viaAgent ? 't' : 'f',
          status,
          outcome ?? N,
          outcomeReason,
          caseKind,
          item.limitDays,
          limitUnit,
          isDelegated ? 't' : 'f',
          querySecrets[i % querySecrets.length],
          iso(receivedAt),
          acceptedOn ?? N,
          dueDate ?? N,
          pausedSince ?? N,
          pausedKind ?? N,
          ['accepted', 'in_review', 'suspended'].includes(status) ? warning : 'none',
          concludedAt === null ? N : iso(concludedAt),
          deliveredAt === null ? N : iso(deliveredAt),
          delivery ?? N,
          archivedAt === null ? N : iso(archivedAt),
          visitsOf.length,
          actions.length,
          N,
          iso(last),
          daysUsed ?? N,
        ].join('\t'),
      );
      for (const a of actions) actionLines.push(a);
      summary.actions += actions.length;
    }
    // This batch's COPY runs while the next one is built (PostgreSQL works in its own process); at
    // most two batches are held at once.
    const waitStarted = performance.now();
    await pending;
    copySeconds += (performance.now() - waitStarted) / 1000;
    const batchRows = caseLines.length + actionLines.length + visitLines.length + taskLines.length + materialLines.length + noticeLines.length + ratingLines.length;
    const batchCases = caseLines.length;
    pending = database
      .bulk(async (session) => {
        const repo = new ScaleRepository(session);
        await repo.copy('cases', caseColumns, `${caseLines.join('\n')}\n`);
        await repo.copy('case_actions', actionColumns, `${actionLines.join('\n')}\n`);
        if (visitLines.length) await repo.copy('case_visits', visitColumns, `${visitLines.join('\n')}\n`);
        if (taskLines.length) await repo.copy('case_tasks', taskColumns, `${taskLines.join('\n')}\n`);
        if (materialLines.length) await repo.copy('case_materials', materialColumns, `${materialLines.join('\n')}\n`);
        if (noticeLines.length) await repo.copy('case_notices', noticeColumns, `${noticeLines.join('\n')}\n`);
        if (ratingLines.length) await repo.copy('ratings', ratingColumns, `${ratingLines.join('\n')}\n`);
      })
      .then(() => {
        rows += batchRows;
        unitsDone += batchCases;
        options.progress?.(unitsDone, totalUnits, rows);
      });
    // A failed COPY is reported where it is awaited; until then it must not count as unhandled.
    pending.catch(() => undefined);
    summary.tasks += taskLines.length;
    summary.materials += materialLines.length;
    summary.notices += noticeLines.length;
    summary.ratings += ratingLines.length;
  }
  const waitStarted = performance.now();
  await pending;
  copySeconds += (performance.now() - waitStarted) / 1000;
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  // ---- counters and rollups ---------------------------------------------------------------------
  await database.bulk(async (session) => {
    const repo = new ScaleRepository(session);
    await repo.advanceCaseSequences(workdays[0]!, today);
    await repo.rebuildCaseStats();
  });
  // The supervision rollups (migration 0025) from the cases, as its backfill counts them.
  await database.db.transaction().execute((trx) => rebuildSupervisionStats(trx));
  await database.bulk((session) =>
    new ScaleRepository(session).analyze(['applicants', 'cases', 'case_actions', 'case_visits', 'case_tasks', 'case_materials', 'case_notices', 'ratings', 'case_stats', 'supervision_stats', 'supervision_live']),
  );

  return {
    regions: org.regions,
    departments: org.departments,
    items: org.items,
    applicants: personCount + orgCount,
    cases: options.cases,
    ...summary,
    rows,
    seconds: (performance.now() - started) / 1000,
    loadSeconds,
    copySeconds,
  };
}
