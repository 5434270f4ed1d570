/**
 * Three months of demo history for 新泰市, so that a fresh `npm start` shows a center that is alive:
 * cases in every status, hall tickets, appointments, filings and visits, 好差评 with their
 * rectifications and appeals, complaints, and the statistics they feed.
 *
 * Everything is done THROUGH the services, as staff would do it, on a clock the loader moves: each
 * step is one real write (guard, change, audit row, outbox row) at the moment it happens in the
 * story, so the audit chain, the rollups and every invariant hold as in a real center.
 *
 * Dates: the history is anchored to a "today" (by default the real date in China when the demo is
 * loaded, so the demo always looks current) and covers the working days before it, up to yesterday's
 * close (no step is ever in the real future); future appointments are booked for the days after it.
 * Content is deterministic for a given anchor date and seed (a seeded PRNG chooses every item,
 * applicant, outcome and time): the same anchor and seed give the same case numbers and statuses.
 * Pin both with DEMO_TODAY=YYYY-MM-DD and DEMO_SEED=<integer>.
 */
import { addDays, addWorkingDays, isoWeekday, isWorkingDay, type CalendarData } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { FormField, ServiceItemContent } from '../domain/catalog.ts';
import { publicityPeriod } from '../domain/case-clock.ts';
import { applicableMaterials, type MaterialMark } from '../domain/case-process.ts';
import { chinaDate, chinaDateTime } from '../domain/china-time.ts';
import { residentIdCheckChar } from '../domain/resident-id.ts';
import { usccCheckChar } from '../domain/uscc.ts';
import type { ComplaintCategory, RatingLevel } from '../domain/rating.ts';
import type { Services } from '../main.ts';
import { systemActor, type Actor, type Clock } from '../services/actor.ts';
import { defaultListPeriodDays } from '../domain/publicity.ts';
import { toGrants } from '../services/auth.service.ts';
import type { CaseView } from '../services/cases/index.ts';
import type { RatingInput } from '../services/rating.service.ts';
import { demoItems } from './demo-catalog.ts';

/** The demo's default seed: the same everywhere unless DEMO_SEED says otherwise. */
export const defaultDemoSeed = 20_261_207;
/** How far back the history goes, in calendar days. */
export const historyDays = 91;

/** A clock the loader sets to each moment of the story. */
export class StoryClock implements Clock {
  private at: number;
  constructor(at: Date) {
    this.at = at.getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: number): void {
    this.at = at;
  }
}

/** mulberry32: small, fast, and the same on every platform for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seeded stream and its helpers: a number in [0, 1), one of a list, a yes with probability p, an integer in [lo, hi]. */
function dice(seed: number) {
  const random = seededRandom(seed);
  return {
    random,
    pick: <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!,
    chance: (p: number) => random() < p,
    between: (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}

/** The instant of a China wall-clock time (`minutes` after midnight) on `day`. */
function at(day: string, minutes: number): number {
  return new Date(`${day}T00:00:00+08:00`).getTime() + minutes * 60_000;
}

export interface DemoWhere {
  /** The city center, its comprehensive window (classes A-D) and the issuance window. */
  cityCenterId: string;
  deskWindowId: string;
  issueWindowId: string;
  /** 翟镇: delegated items are received and decided there. */
  townCode: string;
  /** 史家庄村: the proxy agent's village. */
  villageCode: string;
}

export interface HistoryOptions {
  /** "Today" in China (YYYY-MM-DD); the history ends the working day before. */
  today: string;
  seed: number;
  /** Calendar days of history (default `historyDays`); tests write shorter ones. */
  days?: number;
  /** Called as the story advances: steps done, steps in all, the day being written. */
  progress?: (done: number, total: number, label: string) => void;
}

export interface HistorySummary {
  cases: number;
  steps: number;
  tickets: number;
  appointments: number;
  /** 好差评 given in the story (at the pad, online, by the agent); the default 基本满意 not counted. */
  ratings: number;
  complaints: number;
}

interface Applicant {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  idNumber: string;
  birthDate: string;
  gender: '男' | '女';
  phone: string;
  address: string;
  uscc: string;
  orgName: string;
  legalRepresentative: string;
}

type Step = { at: number; order: number; run: () => Promise<void> };

const surnames = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const givenNames = ['建国', '秀英', '志强', '桂兰', '海燕', '立新', '春梅', '国庆', '文博', '雨桐', '子涵', '明轩', '晓东', '丽华', '永刚', '玉珍', '浩然', '欣怡', '德胜', '淑芬'];
const firms = ['鑫源商贸', '泰和餐饮', '青云酒店管理', '康宁大药房', '翟镇建筑工程', '楼德农业发展', '新汶机械制造', '平阳物流', '东都食品', '安泰医疗器械', '博文教育咨询', '福瑞养老服务'];
const streets = ['青云街道府前街', '青云街道东周路', '翟镇史家庄村', '翟镇东官庄村', '楼德镇西周村', '青云街道平阳路', '新甫街道金斗路'];

/** Items routed to the comprehensive windows' classes (B 市场准入, C 投资建设, D 社会事务, A the rest). */
function ticketClass(item: ServiceItemContent): string {
  if (item.departmentName.includes('市场监督')) return 'B';
  if (item.departmentName.includes('住房') || item.departmentName.includes('自然资源')) return 'C';
  if (item.departmentName.includes('民政') || item.departmentName.includes('人力资源') || item.departmentName.includes('卫生')) return 'D';
  return 'A';
}

/**
 * Writes the history through `services` (built on `clock`). The organisation, catalog and staff
 * must be loaded; `where` names the places the story happens.
 */
/** The demo's scan of a signed 代办服务委托书: a one-page PDF (the signature is on the paper kept at the service point). */
const demoSignedForm = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function loadDemoHistory(services: Services, clock: StoryClock, where: DemoWhere, options: HistoryOptions): Promise<HistorySummary> {
  const { random, pick, chance, between } = dice(options.seed);

  const staff = await services.staff.list(systemActor);
  const actor = (username: string): Actor => {
    const s = staff.find((m) => m.username === username);
    if (!s) throw new Error(`demo history: no staff account ${username}`);
    return { kind: 'staff', id: s.id, name: s.username, displayName: s.displayName, grants: toGrants(s) };
  };
  // 公示: the licences a county publishes, and the 低保 and 特困 lists for their seven days.
  for (const code of ['370982-SCJG-003', '370982-SCJG-004', '370982-GA-005', '370982-WJW-004', '370982-WJW-005', '370982-ZJ-001', '370982-ZJ-002', '370982-ZR-002', '370982-ZR-003', '370982-ZR-004', '370982-JY-001']) {
    await services.publicity.saveSetting({ actor: systemActor }, code, { published: true, kind: 'licence_granted', periodDays: null });
  }
  for (const code of ['370982-MZ-001', '370982-MZ-003']) await services.publicity.saveSetting({ actor: systemActor }, code, { published: true, kind: 'assistance_list', periodDays: defaultListPeriodDays });
  const frontdesk = actor('frontdesk');
  const issuer = actor('issuer');
  const guide = actor('guide');
  const town = actor('town.zhaizhen');
  const agent = actor('agent');
  const reviewers = new Map<string, Actor>();
  const departments = new Map((await services.org.listDepartments()).map((d) => [d.name, d.id]));
  for (const m of staff) {
    for (const g of toGrants(m)) if (g.role === 'reviewer' && g.departmentId) reviewers.set(g.departmentId, actor(m.username));
  }
  const reviewerOf = (item: ServiceItemContent) => {
    const r = reviewers.get(departments.get(item.departmentName) ?? '');
    if (!r) throw new Error(`demo history: no reviewer for ${item.departmentName}`);
    return r;
  };

  // ---- the calendar: due dates of December's cases run into next year --------------------------
  const start = addDays(options.today, -(options.days ?? historyDays));
  clock.set(at(start, 7 * 60));
  const county = where.townCode.slice(0, 6);
  const admin = actor('admin');
  const { knownYears } = await services.calendar.listOverrides(county, Number(options.today.slice(0, 4)));
  for (const year of new Set([Number(start.slice(0, 4)), Number(options.today.slice(0, 4)), Number(options.today.slice(0, 4)) + 1])) {
    if (knownYears.includes(year)) continue;
    // As an administrator does once the State Council publishes a year; the demo cannot know the
    // holidays of a year not published yet, so it counts weekends only there, and says so.
    await services.calendar.publishYear({ actor: admin }, { regionCode: county, year, note: `演示数据:${year} 年按周末计算,法定节假日待国务院公布后补录 (demo: weekends only until the holidays are published)` });
  }
  // The county's working days (national holidays and make-up Saturdays included), as the services count them.
  const calendar = await services.calendar.calendarFor(county);
  const isWorkday = (day: string) => isWorkingDay(calendar, day);
  const workdaysAfter = (day: string, n: number) => (n === 0 ? day : addWorkingDays(calendar, day, n));
  const days: string[] = [];
  for (let d = start; d < options.today; d = addDays(d, 1)) if (isWorkday(d)) days.push(d);
  const first = days[0]!;
  const lastDay = days.at(-1)!;

  // ---- applicants, registered on the first morning ------------------------------------------
  clock.set(at(first, 8 * 60));
  const people: Applicant[] = [];
  const orgs: Applicant[] = [];
  for (let i = 0; i < 60; i++) {
    const year = between(1950, 2004);
    const birthDate = `${year}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
    const seq = String(100 + i).padStart(3, '0');
    const female = Number(seq) % 2 === 0;
    const first17 = `370982${birthDate.replaceAll('-', '')}${seq}`;
    const name = pick([...surnames]) + pick(givenNames);
    const phone = `139${String(53_800_000 + i * 7919).padStart(8, '0')}`;
    const address = `新泰市${pick(streets)}${between(1, 99)}号`;
    const idNumber = first17 + residentIdCheckChar(first17)!;
    const created = await services.applicants.register({ actor: frontdesk }, { kind: 'person', idNumber, name, phone, address });
    people.push({ id: created.id, kind: 'person', name, idNumber, birthDate, gender: female ? '女' : '男', phone, address, uscc: '', orgName: '', legalRepresentative: name });
  }
  for (const [i, firm] of firms.entries()) {
    const owner = people[i * 3]!;
    const body = `MA${String(3_100_000 + i * 4_177).padStart(7, '0')}`;
    const first17 = `91370982${body}`;
    const uscc = first17 + usccCheckChar(first17)!;
    const name = `新泰市${firm}有限公司`;
    const created = await services.applicants.register({ actor: frontdesk }, { kind: 'organisation', uscc, name, legalRepresentative: owner.name, phone: owner.phone, address: owner.address });
    orgs.push({ ...owner, id: created.id, kind: 'organisation', name, uscc, orgName: name, legalRepresentative: owner.name });
  }
  const forPerson = (item: ServiceItemContent) => !item.formFields.some((f) => f.profileField === 'uscc' || f.profileField === 'orgName');

  // ---- residents online (一网通办): signed in through the province's 统一身份认证 (a verified binding) -----
  const onlineActors = new Map<string, Actor>();
  const onlineActor = async (who: Applicant): Promise<Actor> => {
    const known = onlineActors.get(who.id);
    if (known) return known;
    const signedIn = await services.onlineAccounts.signInVouched({ issuer: 'demo-tyrz', subject: `demo-${who.id}`, phone: who.phone, name: who.name, residentId: who.idNumber, ip: '127.0.0.1', userAgent: 'demo' });
    const actor = await services.onlineAccounts.authenticateSession(signedIn.token);
    if (!actor) throw new Error(`demo history: no online session for ${who.name}`);
    onlineActors.set(who.id, actor);
    return actor;
  };

  const formFor = (fields: readonly FormField[], who: Applicant, day: string): Record<string, string> => {
    const profile: Record<string, string> = {
      name: who.kind === 'person' ? who.name : who.legalRepresentative,
      idNumber: who.idNumber,
      gender: who.gender,
      birthDate: who.birthDate,
      phone: who.phone,
      address: who.address,
      uscc: who.uscc,
      orgName: who.orgName,
      legalRepresentative: who.legalRepresentative,
    };
    const other = people[(people.indexOf(people.find((p) => p.idNumber === who.idNumber)!) + 1) % people.length]!;
    const sample: Record<FormField['type'], (field: FormField) => string> = {
      text: (f) => `${f.label}(${who.name})`,
      textarea: (f) => `${f.label}:详见申请材料`,
      number: () => String(between(1, 50)),
      date: () => addDays(day, -between(1, 60)),
      select: (f) => (f.options?.length ? pick(f.options) : '是'),
      phone: () => who.phone,
      id_number: () => other.idNumber,
      uscc: () => orgs[0]!.uscc,
    };
    return Object.fromEntries(fields.map((f) => [f.key, (f.profileField && profile[f.profileField]) || sample[f.type](f)]));
  };

  const marksFor = (item: ServiceItemContent, scenario: string | null, options: { leaveOut?: boolean; defer?: string }): MaterialMark[] => {
    const requirements = applicableMaterials(item, scenario);
    const leaveOut = options.leaveOut ? requirements.find((r) => r.required && !r.deferrable)?.key : undefined;
    const deferKey = options.defer ? requirements.find((r) => r.deferrable)?.key : undefined;
    return requirements.filter((r) => r.key !== leaveOut).map((r) => (r.key === deferKey ? { key: r.key, state: 'deferred', deferredDue: options.defer! } : { key: r.key, state: r.source === 'shared_data' ? 'shared_data' : 'provided' }));
  };

  // ---- the story: every step of every case, in the order it happens ----------------------------
  const steps: Step[] = [];
  let order = 0;
  const later = (when: number, run: () => Promise<void>) => {
    if (when >= at(options.today, 0)) return false;
    steps.push({ at: when, order: order++, run });
    return true;
  };
  let cases = 0;
  let tickets = 0;
  let appointments = 0;

  /** A case's life after intake. `c` is filled in by the intake step. */
  interface Story {
    c?: CaseView;
    /** When its latest step happens: each next one comes after it. */
    last: number;
    /** When it was decided, once the story has it decided. */
    decided?: number;
  }
  /** A step of a case's story, never before the one it follows. */
  const next = (story: Story, when: number, run: () => Promise<void>) => {
    story.last = Math.max(when, story.last + 60_000);
    return later(story.last, run);
  };
  const view = (story: Story) => story.c!;
  /** The resident's 代办服务委托书 for the item, taken and signed on paper the first time the agent applies for them. */
  const authorisations = new Map<string, string>();
  const authorisedFor = async (who: { id: string }, itemCode: string) => {
    const key = `${who.id} ${itemCode}`;
    const known = authorisations.get(key);
    if (known) return known;
    const today = chinaDate(clock.now());
    const taken = await services.agents.create({ actor: agent }, { applicantId: who.id, matters: [{ kind: 'item', code: itemCode }], powers: ['apply', 'correct', 'receive'], validFrom: today, validUntil: addDays(today, 180) });
    await services.agents.confirmByPaper({ actor: agent }, taken.id, demoSignedForm);
    authorisations.set(key, taken.id);
    return taken.id;
  };
  const act = (story: Story, by: Actor, input: Parameters<Services['cases']['actions']['act']>[2]) => async () => {
    story.c = await services.cases.actions.act({ actor: by }, view(story).id, input);
  };
  const openTasks = (story: Story) => view(story).tasks.filter((t) => t.status === 'pending' || t.status === 'claimed');
  /** Who works a task: its department's reviewer, or the town that decides a delegated case. */
  const workerOf = (t: CaseView['tasks'][number], decider: Actor) => (!t.delegated && reviewers.get(t.departmentId)) || decider;
  /** Each department of the open stage claims its task. */
  const claimAll = (story: Story, decider: Actor) => async () => {
    for (const t of openTasks(story)) if (t.status === 'pending') story.c = await services.cases.tasks.taskAct({ actor: workerOf(t, decider) }, view(story).id, t.id, { action: 'claim' });
  };
  /** The first open task's department does `input`. */
  const task = (story: Story, decider: Actor, input: Parameters<Services['cases']['tasks']['taskAct']>[3]) => async () => {
    const t = openTasks(story)[0];
    if (!t) throw new Error(`demo history: ${view(story).caseNo} (${view(story).itemName}, ${view(story).status}) has no open task for ${input.action}`);
    story.c = await services.cases.tasks.taskAct({ actor: workerOf(t, decider) }, view(story).id, t.id, input);
  };

  /** Delivery and archiving once a case is concluded (at `decided`). */
  const issue = (story: Story, decidedAt: number, approved: boolean) => {
    const decided = Math.max(decidedAt, story.last);
    const day = chinaDate(new Date(decided));
    const wait = between(0, 4);
    const pickup = workdaysAfter(day, wait);
    const express = approved && chance(0.25);
    const trackingNo = `11${between(10_000_000, 99_999_999)}`;
    const delivered = next(story, wait === 0 ? decided + between(5, 30) * 60_000 : at(pickup, between(9 * 60, 17 * 60)), async () => {
      const address = `${view(story).applicantName} 收,新泰市${pick(streets)}`;
      // A proxy case's result goes to the agent (代办员代领): the applicant makes no trip.
      if (view(story).agentAuthorisationId) return act(story, issuer, { action: 'deliver', method: 'agent' })();
      // Applied for online: as the applicant chose (express to the address given, or the e-licence).
      const chosen = view(story).deliveryChoice as { method?: string; address?: string; recipient?: string } | null | undefined;
      if (chosen?.method === 'express' && approved) {
        return act(story, issuer, { action: 'deliver', method: 'express', express: { company: 'EMS', trackingNo, address: `${chosen.recipient ?? ''} ${chosen.address ?? ''}`.trim() } })();
      }
      await act(story, issuer, express ? { action: 'deliver', method: 'express', express: { company: 'EMS', trackingNo, address } } : { action: 'deliver', method: 'window' })();
    });
    // The agent calls the applicant back (回访) a few days after handing the result over.
    if (delivered && chance(0.8)) {
      next(story, at(workdaysAfter(pickup, between(1, 3)), between(14 * 60, 17 * 60)), async () => {
        if (!view(story).agentAuthorisationId || view(story).status !== 'delivered') return;
        const result = pick(['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'unreachable'] as const);
        await services.agents.followUp({ actor: agent }, view(story).id, { result, note: result === 'unreachable' ? '电话无人接听' : '已收到结果,对代办服务满意' });
      });
    }
    if (delivered && chance(0.7)) next(story, at(workdaysAfter(pickup, between(1, 8)), 17 * 60 + 10), act(story, issuer, { action: 'archive' }));
  };

  /** Review of a promised case accepted on `day`, by `decider` (a reviewer, or the town for a delegated one). */
  const review = (story: Story, item: ServiceItemContent, day: string, decider: Actor, outcome: 'approve' | 'reject' | 'suspend' | 'terminate' | 'open') => {
    const claimDay = workdaysAfter(day, between(0, 1));
    next(story, at(claimDay, between(9 * 60, 11 * 60)), claimAll(story, decider));
    if (outcome === 'open') return;
    const span = Math.max(1, Math.min(item.promisedDays - 1, between(1, 6)));
    const decideDay = workdaysAfter(claimDay, span);
    const when = at(decideDay, between(14 * 60, 17 * 60));
    if (outcome === 'terminate') {
      next(story, when, act(story, decider, { action: 'terminate', reason: '申请人在审查期间死亡/主体资格终止,依法终止办理' }));
      return;
    }
    if (outcome === 'suspend') {
      next(story, when, task(story, decider, { action: 'suspend', procedure: pick(['现场核查', '专家评审', '公示']), opinion: '需现场核查经营场所,暂停计时' }));
      return;
    }
    // Stage after stage; a stage of several departments (民办非企业单位成立登记): each approves its own task.
    // A stage opened by a public notice (低保: 公示 7 天) is decided only once the notice has run.
    const decideStages = (stopAtNotice: string | undefined) => async () => {
      for (let open = openTasks(story)[0]; open && open.stageName !== stopAtNotice; open = openTasks(story)[0]) {
        const by = workerOf(open, decider);
        if (open.status === 'pending') story.c = await services.cases.tasks.taskAct({ actor: by }, view(story).id, open.id, { action: 'claim' });
        story.c = await services.cases.tasks.taskAct(
          { actor: by },
          view(story).id,
          open.id,
          outcome === 'reject' ? { action: 'reject', opinion: '经审查,申请人不符合法定条件,不予许可' } : { action: 'approve', opinion: '材料齐全,符合法定条件,同意' },
        );
        if (outcome === 'reject') break;
      }
    };
    const notice = outcome === 'approve' ? item.processSteps.find((step) => step.publicityDays && step.departments?.length) : undefined;
    let decidedAt = when;
    let done = next(story, when, decideStages(notice?.name));
    if (done && notice?.publicityDays) {
      // Posted when the stage before it is approved; its departments decide on a working day after it ends.
      const decideFrom = publicityPeriod(calendar, chinaDate(new Date(when)), notice.publicityDays, item.promisedUnit).decideFrom;
      decidedAt = at(isWorkday(decideFrom) ? decideFrom : workdaysAfter(decideFrom, 1), between(9 * 60, 11 * 60));
      done = next(story, decidedAt, decideStages(undefined));
    }
    if (done) story.decided = story.last;
    if (done) issue(story, decidedAt, outcome === 'approve');
  };

  // The comprehensive window's day: one person at a time, from ticket to finish.
  const deskDay = new Map<string, number>();
  const nextSlot = (day: string) => {
    let start = deskDay.get(day) ?? 8 * 60 + 40;
    // Lunch: the desk reopens at 13:30.
    if (start > 11 * 60 + 45 && start < 13 * 60 + 30) start = 13 * 60 + 30;
    deskDay.set(day, start + between(25, 40));
    return start;
  };

  /** One person at the city desk on `day`: a ticket (or a booked appointment), the intake, the finish. */
  const atDesk = (day: string, item: ServiceItemContent, who: Applicant, intake: (story: Story) => Promise<void>, after: (story: Story) => void) => {
    const story: Story = { last: 0 };
    const minute = nextSlot(day);
    if (minute > 17 * 60 + 20) return;
    const classCode = ticketClass(item);
    // The slots open for booking: 09:00-11:30 and 13:30-17:00, half-hour starts.
    const bookable = isoWeekday(day) <= 5 && ((minute >= 9 * 60 && minute < 11 * 60 + 30) || (minute >= 13 * 60 + 30 && minute < 17 * 60));
    const booked = bookable && (classCode === 'B' || classCode === 'D') && chance(0.3);
    const green = chance(0.05);
    let ticketId = '';
    if (booked) {
      const slotStart = new Date(at(day, minute - (minute % 30)));
      const bookDay = addDays(day, -between(1, 5));
      let code = '';
      later(at(bookDay, between(19 * 60, 21 * 60)), async () => {
        code = (await bookOrNot({ centerId: where.cityCenterId, classCode, slotStart, name: who.legalRepresentative, idNumber: who.idNumber, phone: who.phone })) ?? '';
      });
      later(at(day, minute - 4), async () => {
        // Booked: checks in; could not book (the person's or the slot's limit): takes a ticket.
        ticketId = code ? (await services.appointments.checkIn({ actor: systemActor }, where.cityCenterId, { code })).ticket.id : (await services.hall.issueTicket({ actor: systemActor }, { centerId: where.cityCenterId, classCode })).id;
        tickets++;
      });
    } else {
      later(at(day, minute - between(3, 15)), async () => {
        // The green channel (老弱病残孕) is given by the guide; everyone else takes one at the kiosk.
        ticketId = (await services.hall.issueTicket({ actor: green ? guide : systemActor }, { centerId: where.cityCenterId, classCode, priority: green ? 'green' : 'normal' })).id;
        tickets++;
      });
    }
    story.last = at(day, minute + 1);
    later(story.last, async () => {
      const called = await services.hall.callNext({ actor: frontdesk }, where.deskWindowId);
      if (called?.id !== ticketId) throw new Error(`demo history: the desk called ${called?.number ?? 'nobody'}, not the ticket of ${who.name}`);
      await services.hall.act({ actor: frontdesk }, ticketId, { action: 'serve' });
      await intake(story);
      cases++;
    });
    const finishedAt = at(day, minute + between(8, 20));
    later(finishedAt, async () => {
      await services.hall.act({ actor: frontdesk }, ticketId, { action: 'finish', ...(story.c ? { caseIds: [story.c.id] } : {}) });
    });
    // Most rate the visit on the window's pad as they get up (一次一评).
    padRating(day, finishedAt, () => ticketId);
    after(story);
  };

  /** Books a slot; undefined when a booking rule says no (a person holds two, the slot is full), as it would online. */
  const bookOrNot = async (input: Parameters<Services['appointments']['book']>[1]): Promise<string | undefined> => {
    try {
      const booked = await services.appointments.book({ actor: systemActor }, input);
      appointments++;
      return booked.code;
    } catch (error) {
      if (error instanceof AppError && ['APPOINTMENT_PERSON_LIMIT', 'SLOT_FULL', 'APPOINTMENT_NO_SHOW_LIMIT'].includes(error.code)) return undefined;
      throw error;
    }
  };

  const age = (day: string) => days.length - days.indexOf(day);
  const promised = demoItems.filter((i) => i.caseKind === 'promised');
  const instant = demoItems.filter((i) => i.caseKind === 'instant');
  const delegated = demoItems.filter((i) => i.delegatedToTowns && i.caseKind === 'promised');
  /** What residents apply for online: promised items of a person, offered online, decided by the county's departments. */
  const onlineOffer = new Set((await services.online.offer()).items.map((i) => i.code));
  const onlineItems = promised.filter((i) => onlineOffer.has(i.implementationCode) && forPerson(i) && !i.delegatedToTowns && !i.processSteps.some((s) => s.publicityDays));
  const applicantFor = (item: ServiceItemContent) => (forPerson(item) ? pick(people) : pick(orgs));
  const scenarioOf = (item: ServiceItemContent) => (item.scenarios.length > 0 ? pick(item.scenarios).code : null);

  // ---- 好差评 and complaints ---------------------------------------------------------------------
  // Their own stream of the seed, so the cases above stay what they were before ratings existed.
  const q = dice(options.seed ^ 0x5a7e_15);
  const supervisor = actor('supervisor');
  const reviewerOfDepartment = (departmentId: string | null | undefined) => (departmentId ? reviewers.get(departmentId) : undefined);
  let ratingsGiven = 0;
  let complaintsReceived = 0;
  /** Bad ratings old enough to be worked through, in the order the story meets them. */
  let badWorked = 0;
  let padRated = 0;
  let agentRated = 0;
  const badEvery = 28;
  const badDays = new Set<string>();
  const badOffset = Math.floor(q.random() * badEvery);
  const goodTags = ['one_trip', 'fast', 'friendly', 'clear_guide'] as const;
  const goodComments = ['窗口工作人员很耐心,一次就办好了', '办理速度快,不用来回跑', '材料一次告知清楚', '服务热情周到', ''];
  const badOnsite: Record<string, string[]> = {
    long_wait: ['排队等了一个多小时', '取号后等候时间太长'],
    attitude: ['工作人员态度生硬,解释不耐心', '问了两遍,窗口不愿意回答'],
    more_trips: ['第一次来没有一次性告知,又跑了一趟'],
    unclear_guide: ['网上办事指南和窗口说的不一样'],
  };
  const badOnline: Record<string, string[]> = {
    extra_materials: ['要求提供指南里没有的证明材料'],
    more_trips: ['网上提交后还要到现场再跑一次'],
    unclear_guide: ['办事指南写得不清楚,上传了两遍'],
    overdue_without_reason: ['超过承诺时限才办结,也没有说明原因'],
  };
  const levelOf = (bad: boolean): RatingLevel => {
    if (bad) return q.pick(['dissatisfied', 'very_dissatisfied'] as const);
    const r = q.random();
    return r < 0.55 ? 'very_satisfied' : r < 0.9 ? 'satisfied' : 'basic';
  };
  const ratingInput = (bad: boolean, badTags: Record<string, string[]>, malicious = false): RatingInput => {
    const level = levelOf(bad);
    if (malicious) return { level: 'very_dissatisfied', tags: ['attitude'], comment: '不给我办就是差评,以后每次都给差评' };
    if (bad) {
      const tag = q.pick(Object.keys(badTags));
      return { level, tags: [tag], comment: q.pick(badTags[tag]!), anonymous: q.chance(0.15) };
    }
    const good = level !== 'basic' && q.chance(0.5);
    return { level, tags: good ? [q.pick(goodTags)] : [], comment: good ? q.pick(goodComments) : '', anonymous: q.chance(0.15) };
  };

  type Plan = 'open' | 'triaged' | 'normal' | 'late' | 'upheld' | 'rejected';
  /** What the department and the center do with a bad rating given on `day`. */
  const planFor = (day: string): Plan => {
    const a = age(day);
    if (a <= 5) return 'open';
    if (a <= 10) return q.chance(0.5) ? 'open' : 'triaged';
    const k = badWorked++;
    if (k === 0) return 'upheld';
    if (k === 2) return 'rejected';
    if ((k === 1 || k === 4) && a > 19) return 'late';
    return 'normal';
  };
  const findTask = async (ratingId: string) => (await services.rectifications.list(systemActor)).find((r) => r.rating.id === ratingId);
  /** The rectification's steps, each on its own day of the story; `task.id` is known once the rating is given. */
  const rectify = (day: string, plan: Plan, task: { id: string; anonymous: boolean; reviewer?: Actor }) => {
    if (plan === 'open') return;
    const dept = () => task.reviewer!;
    const step = (when: number, run: () => Promise<void>) => later(when, async () => (task.id && task.reviewer ? run() : undefined));
    const day1 = workdaysAfter(day, 1);
    const kind = plan === 'triaged' || plan === 'late' ? 'ledger' : q.pick(['immediate', 'immediate', 'ledger', 'explain'] as const);
    const finding = q.pick(['经调取窗口录像核实,情况基本属实', '经与窗口工作人员核实,存在解释不到位的问题', '经核实,系高峰时段窗口力量不足']);
    const measures = kind === 'explain' ? '已电话向申请人解释办理依据和时限,申请人表示理解' : q.pick(['已对窗口人员批评教育,高峰时段增开窗口', '已修订办事指南并在窗口公示,实行一次性告知', '已组织业务培训,规范服务用语']);
    const revisitAndClose = (reported: string) => {
      const revisitDay = workdaysAfter(reported, q.between(1, 3));
      const reLevel = q.pick(['satisfied', 'satisfied', 'basic'] as const);
      step(at(revisitDay, q.between(14 * 60, 16 * 60)), async () => {
        if (task.anonymous) await services.rectifications.close({ actor: supervisor }, task.id, { note: '匿名评价,整改已反馈,办结' });
        else await services.rectifications.revisit({ actor: supervisor }, task.id, { result: reLevel === 'basic' ? 'basic' : 'satisfied', note: '电话回访,申请人认可整改结果', reLevel, close: true });
      });
    };
    const work = (from: string) => {
      const triageDay = workdaysAfter(from, 1);
      if (kind !== 'ledger') {
        step(at(triageDay, q.between(9 * 60, 11 * 60)), async () => {
          await services.rectifications.triage({ actor: dept() }, task.id, { triage: kind, finding, measures, report: true });
        });
        revisitAndClose(triageDay);
        return;
      }
      step(at(triageDay, q.between(9 * 60, 11 * 60)), async () => {
        await services.rectifications.triage({ actor: dept() }, task.id, { triage: 'ledger', finding });
      });
      if (plan === 'triaged') return;
      // Late: reported after its 15 working days to rectify (the red warning in its time).
      const reportDay = workdaysAfter(from, plan === 'late' ? 17 : q.between(4, 10));
      step(at(reportDay, q.between(14 * 60, 17 * 60)), async () => {
        await services.rectifications.report({ actor: dept() }, task.id, { measures });
      });
      revisitAndClose(reportDay);
    };
    if (plan === 'upheld' || plan === 'rejected') {
      step(at(day1, q.between(9 * 60, 11 * 60)), async () => {
        await services.rectifications.appeal(
          { actor: dept() },
          task.id,
          plan === 'upheld' ? { reason: 'malicious', statement: '申请人不符合办理条件被依法告知后,当场表示要给差评,窗口录像可证,属恶意差评' } : { reason: 'not_responsible', statement: '等候时间长系大厅叫号系统故障所致,不属本部门责任' },
        );
      });
      const decideDay = workdaysAfter(day, 3);
      step(at(decideDay, q.between(14 * 60, 16 * 60)), async () => {
        const appeal = (await services.rectifications.listAppeals(systemActor, { state: 'pending' })).find((a) => a.rectificationId === task.id);
        if (!appeal) return;
        await services.rectifications.decideAppeal(
          { actor: supervisor },
          appeal.id,
          plan === 'upheld' ? { verdict: 'upheld', note: '经调阅录像,申请人以差评相要挟,申诉成立,该评价不计入统计' } : { verdict: 'rejected', note: '叫号系统当日运行正常,申诉理由不成立,请按期整改' },
        );
      });
      if (plan === 'rejected') work(decideDay);
      return;
    }
    work(day);
  };
  /** After a bad rating is given: its task, its department's reviewer. */
  const taskOf = async (task: { id: string; anonymous: boolean; reviewer?: Actor }, rated: { id: string; anonymous: boolean }) => {
    const found = await findTask(rated.id);
    if (!found) throw new Error(`demo history: no rectification for the bad rating ${rated.id}`);
    task.id = found.id;
    task.anonymous = rated.anonymous;
    task.reviewer = reviewerOfDepartment(found.department?.id);
  };

  /** 一次一评 at the desk window's pad, a minute or three after the ticket is finished. */
  const padRating = (day: string, finishedAt: number, ticketOf: () => string) => {
    if (!q.chance(0.85)) return;
    // About one in 28 is bad; and one a week ago and one two days ago whatever the seed drew: the first
    // still untouched past its 5 working days to report back (a red warning), the second triaged.
    const recentBad = (age(day) === 7 || age(day) === 2) && !badDays.has(day);
    if (recentBad) badDays.add(day);
    const bad = (++padRated + badOffset) % badEvery === 0 || recentBad;
    const plan: Plan = recentBad ? (age(day) === 7 ? 'open' : 'triaged') : bad ? planFor(day) : 'open';
    const input = ratingInput(bad, badOnsite, plan === 'upheld');
    const task = { id: '', anonymous: false } as { id: string; anonymous: boolean; reviewer?: Actor };
    if (plan === 'upheld' || plan === 'rejected') input.anonymous = false;
    later(finishedAt + q.between(1, 3) * 60_000, async () => {
      const rated = await services.ratings.rateAtPad({ actor: frontdesk }, where.deskWindowId, ticketOf(), input);
      ratingsGiven++;
      if (bad) await taskOf(task, rated);
    });
    if (bad) rectify(day, plan, task);
  };

  /** 一事一评 of a concluded case: by the applicant online, or by the agent for them; within the 7 days before the default. */
  const caseRating = (story: Story, by: 'online' | 'agent', who: Applicant) => {
    if (!story.decided) return;
    const decidedDay = chinaDate(new Date(story.decided));
    const ratedDay = addDays(decidedDay, by === 'agent' ? q.between(1, 4) : q.between(0, 3));
    const bad = by === 'online' && q.chance(0.06);
    const planDay = isWorkday(ratedDay) ? ratedDay : workdaysAfter(ratedDay, 1);
    const plan = bad && days.includes(planDay) ? planFor(planDay) : 'open';
    const input = ratingInput(bad, badOnline);
    const task = { id: '', anonymous: false } as { id: string; anonymous: boolean; reviewer?: Actor };
    const scheduled = later(at(ratedDay, by === 'agent' ? q.between(15 * 60, 17 * 60) : q.between(19 * 60, 22 * 60)), async () => {
      const id = view(story).id;
      if (by === 'agent') await services.ratings.rateForApplicant({ actor: agent }, id, input);
      else await services.ratings.rateOwnCase({ actor: await onlineActor(who) }, id, input);
      ratingsGiven++;
      if (bad) {
        const rated = (await services.ratings.list(systemActor, { badOnly: true, pageSize: 100 })).rows.find((r) => r.caseId === id && r.channel === 'online');
        if (rated) await taskOf(task, rated);
      }
    });
    if (scheduled && bad) rectify(planDay, plan, task);
  };

  // Complaints (诉求件): from the hall and the hotline, dispatched to departments, answered, closed, revisited.
  const complaintTopics: Record<ComplaintCategory, { subject: string; content: string; answer: string }[]> = {
    complaint: [
      { subject: '窗口工作人员态度差', content: '办理营业执照时窗口人员不耐心解释,要求反复补充材料。', answer: '经核实,已对窗口人员批评教育,并安排专人一次性告知所需材料。' },
      { subject: '承诺时限内未办结', content: '申请已超过承诺办结时限,无人告知进度。', answer: '经核实,系现场核查安排延误,已于答复当日办结并向诉求人致歉。' },
      { subject: '要求提供指南外材料', content: '窗口要求提供办事指南中没有列明的证明。', answer: '该证明不属于必要材料,已通知窗口取消该要求,并修订指南。' },
    ],
    consultation: [
      { subject: '咨询低保申请条件', content: '家中老人患病,想了解低保申请条件和所需材料。', answer: '已电话告知申请条件、所需材料及办理地点。' },
      { subject: '咨询个体户注册流程', content: '想开一家小餐馆,咨询个体工商户登记流程。', answer: '已告知可通过一网通办在线申请,并发送办事指南链接。' },
    ],
    help: [
      { subject: '老人行动不便申请上门服务', content: '家中老人卧床,需要办理社保认证,请求上门。', answer: '已安排社区网格员上门协助完成认证。' },
      { subject: '网上申报系统无法上传', content: '在一网通办上传材料时一直失败。', answer: '已远程指导诉求人更换浏览器后上传成功。' },
    ],
    report: [{ subject: '举报无证经营', content: '某小区门口有商户无证经营餐饮。', answer: '已会同执法人员现场检查,责令其停止经营并依法办理许可。' }],
  };
  const handlingDepartments = [...reviewers.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name));
  const complaintCount = Math.max(4, Math.round(days.length / 3));
  for (let i = 0; i < complaintCount; i++) {
    const n = complaintCount - 1 - i; // 0: the most recent
    const idx = Math.min(days.length - 1, Math.floor((i + q.random() * 0.7) * (days.length / complaintCount)));
    // The most recent still open at each step; one left unanswered past its limit (escalated); the rest run to the end.
    const role = n === 0 ? 'received' : n === 1 ? 'dispatched' : n === 2 ? 'handling' : n === 3 ? 'answered' : n === 4 ? 'overdue' : 'done';
    const day = n <= 1 ? lastDay : n === 2 ? days.at(-2)! : n === 3 ? days.at(-4)! : n === 4 ? days[Math.max(0, days.length - 9)]! : days[idx]!;
    const urgent = role === 'done' && (i === 3 || i === 11);
    const category: ComplaintCategory = role === 'overdue' ? 'consultation' : urgent ? 'help' : q.pick(['complaint', 'complaint', 'consultation', 'help', 'report'] as const);
    const topic = q.pick(complaintTopics[category]);
    const hotline = q.chance(0.5);
    const anonymous = category === 'report' && q.chance(0.5);
    const who = q.pick(people);
    const [firstDepartment, firstHandler] = q.pick(handlingDepartments);
    const returned = role === 'done' && i % 6 === 1;
    const [department, handler] = returned ? q.pick(handlingDepartments.filter(([id]) => id !== firstDepartment)) : [firstDepartment, firstHandler];
    const held = { id: '' };
    const handle = (when: number, by: Actor, input: Parameters<Services['complaints']['act']>[2]) =>
      later(when, async () => {
        if (held.id) await services.complaints.act({ actor: by }, held.id, input);
      });
    const received = at(day, urgent ? q.between(9 * 60, 10 * 60) : q.between(9 * 60, 16 * 60));
    later(received, async () => {
      const c = await services.complaints.receive(
        { actor: hotline ? guide : frontdesk },
        { source: hotline ? 'hotline' : 'hall', category, urgent, subject: topic.subject, content: topic.content, anonymous, complainantName: anonymous ? '' : who.name, complainantPhone: anonymous ? '' : who.phone, regionCode: county },
      );
      held.id = c.record.id;
      complaintsReceived++;
    });
    if (role === 'received') continue;
    const dispatched = received + q.between(15, 60) * 60_000;
    handle(dispatched, supervisor, { action: 'dispatch', departmentId: firstDepartment });
    if (role === 'dispatched') continue;
    if (urgent) {
      handle(dispatched + 20 * 60_000, handler, { action: 'accept' });
      handle(dispatched + 3 * 3_600_000, handler, { action: 'answer', answer: topic.answer });
      handle(dispatched + 4 * 3_600_000, supervisor, { action: 'close' });
      const nextDay = at(workdaysAfter(day, 1), 10 * 60);
      handle(nextDay, supervisor, { action: 'revisit', result: 'satisfied' });
      handle(nextDay + 5 * 60_000, supervisor, { action: 'rate', satisfaction: 'very_satisfied' });
      continue;
    }
    let from = day;
    if (returned) {
      from = workdaysAfter(day, 1);
      handle(at(from, 9 * 60 + q.between(0, 30)), firstHandler, { action: 'return', reason: '该事项不属于本部门职责,请改派相关部门' });
      handle(at(from, 10 * 60 + q.between(0, 30)), supervisor, { action: 'dispatch', departmentId: department });
    }
    const acceptDay = workdaysAfter(from, 1);
    handle(at(acceptDay, q.between(8 * 60 + 40, 10 * 60)), handler, { action: 'accept' });
    if (role === 'handling' || role === 'overdue') continue;
    const answerDay = workdaysAfter(from, 2);
    handle(at(answerDay, q.between(14 * 60, 17 * 60)), handler, { action: 'answer', answer: topic.answer });
    if (role === 'answered') continue;
    const closeDay = workdaysAfter(answerDay, 1);
    handle(at(closeDay, q.between(9 * 60, 10 * 60)), supervisor, { action: 'close' });
    const revisitDay = workdaysAfter(closeDay, q.between(1, 2));
    const satisfaction = q.pick(['very_satisfied', 'satisfied', 'satisfied', 'basic'] as const);
    handle(at(revisitDay, q.between(14 * 60, 16 * 60)), supervisor, { action: 'revisit', result: satisfaction === 'basic' ? 'basic' : 'satisfied' });
    handle(at(revisitDay, 16 * 60 + 30), supervisor, { action: 'rate', satisfaction });
  }

  // Each day's close: the default 基本满意 of cases unrated after 7 days, and the complaints' escalation (as the jobs do).
  for (const day of days) {
    later(at(day, 23 * 60), async () => {
      await services.ratings.assignDefaults();
      await services.complaints.escalate();
    });
  }

  for (const day of days) {
    // The window is opened each morning.
    later(at(day, 8 * 60 + 25), async () => {
      await services.hall.openWindow({ actor: frontdesk }, where.deskWindowId);
    });
    const recent = age(day) <= 8;
    const perDay = between(2, 5);
    for (let n = 0; n < perDay; n++) {
      const kind = chance(0.45) ? 'instant' : 'promised';
      const item = kind === 'instant' ? pick(instant) : pick(promised);
      const who = applicantFor(item);
      const scenario = scenarioOf(item);
      const form = formFor(item.formFields, who, day);
      const roll = random();
      const base = { itemCode: item.implementationCode, applicantId: who.id, channel: 'window' as const, scenario, form };
      if (roll < 0.05) {
        atDesk(
          day,
          item,
          who,
          async (story) => {
            story.c = await services.cases.intake.intake(
              { actor: frontdesk },
              { ...base, materials: marksFor(item, scenario, {}), decision: 'refuse', refusal: { reason: '申请事项不属于本机关职权范围', legalBasis: '《中华人民共和国行政许可法》第三十二条' } },
            );
          },
          () => {},
        );
      } else if (roll < 0.15 && item.materials.some((m) => m.required && !m.deferrable && applicableMaterials(item, scenario).includes(m))) {
        // The one correction notice; most come back with the material within days.
        atDesk(
          day,
          item,
          who,
          async (story) => {
            story.c = await services.cases.intake.intake({ actor: frontdesk }, { ...base, materials: marksFor(item, scenario, { leaveOut: true }), decision: 'correction' });
          },
          (story) => {
            if (recent && chance(0.6)) return;
            const back = workdaysAfter(day, between(1, 4));
            const resubmitted = next(story, at(back, between(9 * 60, 16 * 60)), act(story, frontdesk, { action: 'resubmit', materials: marksFor(item, scenario, {}), inPerson: true }));
            if (!resubmitted || !next(story, at(back, 16 * 60 + 30), act(story, frontdesk, { action: 'accept' }))) return;
            if (item.caseKind !== 'instant') review(story, item, back, reviewerOf(item), 'approve');
            else if (next(story, at(back, 16 * 60 + 40), act(story, frontdesk, { action: 'decide_on_spot', opinion: '补正后材料齐全,当场办结' }))) issue(story, at(back, 16 * 60 + 40), true);
          },
        );
      } else {
        const deferrable = applicableMaterials(item, scenario).some((m) => m.deferrable);
        const defer = deferrable && chance(0.5);
        const dueDefer = workdaysAfter(day, item.caseKind === 'instant' ? 3 : Math.min(3, Math.max(1, item.promisedDays - 1)));
        const outcomeRoll = random();
        atDesk(
          day,
          item,
          who,
          async (story) => {
            story.c = await services.cases.intake.intake({ actor: frontdesk }, { ...base, materials: marksFor(item, scenario, defer ? { defer: dueDefer } : {}), decision: 'accept' });
          },
          (story) => {
            if (defer) {
              const key = applicableMaterials(item, scenario).find((m) => m.deferrable)!.key;
              if (!recent || chance(0.4)) next(story, at(workdaysAfter(day, between(1, 2)), between(9 * 60, 11 * 60)), act(story, frontdesk, { action: 'collect_material', key, inPerson: true }));
            }
            if (outcomeRoll < 0.04) {
              next(story, at(workdaysAfter(day, between(1, 3)), between(9 * 60, 16 * 60)), act(story, frontdesk, { action: 'withdraw', reason: '申请人书面申请撤回' }));
              return;
            }
            if (item.caseKind === 'instant') {
              // Received late yesterday: the decision is today's work.
              if (age(day) === 1 && outcomeRoll > 0.8) return;
              const decideAt = defer ? at(workdaysAfter(day, 3), 10 * 60) : at(day, 16 * 60 + 50);
              if (outcomeRoll < 0.08) next(story, decideAt, act(story, frontdesk, { action: 'reject_on_spot', reason: '经核查不符合办理条件' }));
              else if (next(story, decideAt, act(story, frontdesk, { action: 'decide_on_spot', opinion: '材料齐全,当场办结' }))) issue(story, decideAt, true);
              return;
            }
            const outcome = recent ? pick(['open', 'open', 'approve', 'suspend'] as const) : outcomeRoll < 0.06 ? 'terminate' : outcomeRoll < 0.12 ? 'reject' : outcomeRoll < 0.15 ? 'suspend' : 'approve';
            review(story, item, defer ? workdaysAfter(day, 2) : day, reviewerOf(item), outcome);
          },
        );
      }
    }

    // A delegated item at 翟镇 (decided there, filed with the city department), every other day.
    if (chance(0.5)) {
      const item = pick(delegated);
      const who = pick(people);
      const scenario = scenarioOf(item);
      const story: Story = { last: 0 };
      const when = at(day, between(9 * 60, 16 * 60));
      next(story, when, async () => {
        story.c = await services.cases.intake.intake(
          { actor: town },
          { itemCode: item.implementationCode, applicantId: who.id, channel: 'window', regionCode: where.townCode, scenario, form: formFor(item.formFields, who, day), materials: marksFor(item, scenario, {}), decision: 'accept' },
        );
        cases++;
      });
      review(story, item, day, town, age(day) <= 5 ? 'open' : 'approve');
      // The city department receives the filing within its 3 working days (most of the time) and
      // checks the sampled ones; the last week's are still waiting.
      const mz = reviewerOf(item);
      if (story.decided && age(day) > 8 && chance(0.85)) {
        later(at(workdaysAfter(chinaDate(new Date(story.decided)), between(1, 3)), between(9 * 60, 17 * 60)), async () => {
          const filing = view(story).filing;
          if (!filing) return;
          await services.cases.filings.receiveFiling({ actor: mz }, filing.id);
          if (filing.sampled) await services.cases.filings.reviewFiling({ actor: mz }, filing.id, { verdict: 'correct', note: '抽查材料齐全,决定正确' });
        });
      }
    }

    // A resident applies online (一网通办): draft, uploads, submit with express delivery; the
    // department pre-reviews it (now and then one correction notice, answered online) and reviews it.
    if (chance(0.6)) {
      const item = pick(onlineItems);
      const who = pick(people);
      const story: Story = { last: 0 };
      const reviewer = reviewerOf(item);
      const correction = chance(0.25);
      next(story, at(day, between(19 * 60, 22 * 60)), async () => {
        const me = await onlineActor(who);
        let draft = await services.online.startDraft({ actor: me }, { itemCode: item.implementationCode, channel: pick(['web', 'mobile'] as const) });
        draft = await services.online.saveDraft({ actor: me }, draft.id, { form: { ...formFor(item.formFields, who, day), ...Object.fromEntries(Object.entries(draft.form).filter(([, v]) => v)) } });
        for (const m of draft.materials) if (m.required && m.uploadable && m.state === 'missing') draft = await services.online.upload({ actor: me }, draft.id, m.key, { name: `${m.name}.pdf`, data: demoSignedForm });
        await services.online.submit({ actor: me }, draft.id, { delivery: { method: 'express', address: who.address, recipient: who.name, phone: who.phone } });
        story.c = await services.cases.queries.view(systemActor, draft.id);
        cases++;
      });
      const checkDay = workdaysAfter(day, 1);
      if (age(day) > 1) {
        if (correction) {
          next(story, at(checkDay, between(9 * 60, 10 * 60)), async () => {
            const unfit = view(story).materials.find((m) => m.required && m.state === 'provided')?.key;
            story.c = await services.prereview.decide({ actor: reviewer }, view(story).id, { action: 'request_correction', ...(unfit ? { unfit: [unfit] } : {}), note: '上传的材料不清晰,请重新上传' });
          });
          next(story, at(checkDay, between(19 * 60, 21 * 60)), async () => {
            const me = await onlineActor(who);
            const c = await services.online.get(me, view(story).id);
            for (const m of c.materials) if (m.required && m.uploadable && m.state === 'missing') await services.online.upload({ actor: me }, c.id, m.key, { name: `${m.name}(重新上传).pdf`, data: demoSignedForm });
            await services.online.resubmit({ actor: me }, c.id);
            story.c = await services.cases.queries.view(systemActor, c.id);
          });
        }
        const acceptDay = correction ? workdaysAfter(checkDay, 1) : checkDay;
        if (age(acceptDay) > 0) {
          next(story, at(acceptDay, between(10 * 60, 11 * 60)), async () => {
            story.c = await services.prereview.decide({ actor: reviewer }, view(story).id, { action: 'accept' });
          });
          review(story, item, acceptDay, reviewer, age(acceptDay) <= 6 ? 'open' : 'approve');
          // About half rate it online themselves (一事一评) within days of the result.
          if (q.chance(0.5)) caseRating(story, 'online', who);
        }
      }
    }

    // The village agent submits one for a resident (代办), which the town then accepts.
    if (chance(0.3)) {
      const item = pick(delegated);
      const who = pick(people);
      const scenario = scenarioOf(item);
      const story: Story = { last: 0 };
      next(story, at(day, between(9 * 60, 11 * 60)), async () => {
        story.c = await services.cases.intake.intake(
          { actor: agent },
          {
            itemCode: item.implementationCode,
            applicantId: who.id,
            channel: 'window',
            regionCode: where.villageCode,
            scenario,
            form: formFor(item.formFields, who, day),
            materials: marksFor(item, scenario, {}),
            decision: 'submit',
            authorisationId: await authorisedFor(who, item.implementationCode),
          },
        );
        cases++;
      });
      if (age(day) > 2) {
        next(story, at(workdaysAfter(day, 1), between(9 * 60, 11 * 60)), act(story, town, { action: 'accept' }));
        review(story, item, workdaysAfter(day, 1), town, age(day) <= 6 ? 'open' : 'approve');
        // Now and then the agent records the resident's rating of the proxy case (代办员代评).
        if (story.decided && agentRated < 3 && q.chance(0.4)) {
          agentRated++;
          caseRating(story, 'agent', who);
        }
      }
    }
  }

  // Yesterday's leftovers, whatever the seed drew, so every status is on screen: an instant case
  // received at closing (decided today), a case accepted with a deferred (容缺) material still due,
  // a correction notice just given, and a village agent's submission the town has not accepted yet.
  {
    const day = lastDay;
    const item = pick(instant.filter(forPerson));
    const who = pick(people);
    const scenario = scenarioOf(item);
    atDesk(
      day,
      item,
      who,
      async (story) => {
        story.c = await services.cases.intake.intake(
          { actor: frontdesk },
          { itemCode: item.implementationCode, applicantId: who.id, channel: 'window', scenario, form: formFor(item.formFields, who, day), materials: marksFor(item, scenario, {}), decision: 'accept' },
        );
      },
      () => {},
    );
    const withDeferral = pick(promised.filter((i) => i.materials.some((m) => m.deferrable && m.scenarios.length === 0)));
    const owner = applicantFor(withDeferral);
    const due = workdaysAfter(day, Math.min(3, Math.max(1, withDeferral.promisedDays - 1)));
    atDesk(
      day,
      withDeferral,
      owner,
      async (story) => {
        story.c = await services.cases.intake.intake(
          { actor: frontdesk },
          {
            itemCode: withDeferral.implementationCode,
            applicantId: owner.id,
            channel: 'window',
            scenario: null,
            form: formFor(withDeferral.formFields, owner, day),
            materials: marksFor(withDeferral, null, { defer: due }),
            decision: 'accept',
          },
        );
      },
      () => {},
    );
    const lacking = pick(promised.filter(forPerson).filter((i) => i.materials.some((m) => m.required && !m.deferrable && m.scenarios.length === 0)));
    const applicant = pick(people);
    atDesk(
      day,
      lacking,
      applicant,
      async (story) => {
        story.c = await services.cases.intake.intake(
          { actor: frontdesk },
          {
            itemCode: lacking.implementationCode,
            applicantId: applicant.id,
            channel: 'window',
            scenario: null,
            form: formFor(lacking.formFields, applicant, day),
            materials: marksFor(lacking, null, { leaveOut: true }),
            decision: 'correction',
          },
        );
      },
      () => {},
    );
    // And a case the department ended (终止) a fortnight ago.
    const earlier = days.at(-10)!;
    const ended = pick(promised.filter(forPerson));
    const holder = pick(people);
    atDesk(
      earlier,
      ended,
      holder,
      async (story) => {
        story.c = await services.cases.intake.intake(
          { actor: frontdesk },
          { itemCode: ended.implementationCode, applicantId: holder.id, channel: 'window', scenario: null, form: formFor(ended.formFields, holder, earlier), materials: marksFor(ended, null, {}), decision: 'accept' },
        );
      },
      (story) => review(story, ended, earlier, reviewerOf(ended), 'terminate'),
    );
    // A case its department returned to the applicant for correction after accepting it: what the
    // 电子监察 rule 受理后补正 is there for (the one correction notice belongs at intake).
    const returnedDay = days.at(-6)!;
    const returnedItem = pick(promised.filter(forPerson).filter((i) => !i.delegatedToTowns));
    const returnedBy = pick(people);
    atDesk(
      returnedDay,
      returnedItem,
      returnedBy,
      async (story) => {
        story.c = await services.cases.intake.intake(
          { actor: frontdesk },
          {
            itemCode: returnedItem.implementationCode,
            applicantId: returnedBy.id,
            channel: 'window',
            scenario: null,
            form: formFor(returnedItem.formFields, returnedBy, returnedDay),
            materials: marksFor(returnedItem, null, {}),
            decision: 'accept',
          },
        );
      },
      (story) => {
        next(story, at(workdaysAfter(returnedDay, 1), 10 * 60), claimAll(story, reviewerOf(returnedItem)));
        next(story, at(workdaysAfter(returnedDay, 2), 15 * 60), task(story, reviewerOf(returnedItem), { action: 'return_to_applicant', opinion: '身份证明复印件不清晰,请重新提交' }));
      },
    );
    const viaAgent = pick(delegated);
    const resident = pick(people);
    later(at(day, 15 * 60), async () => {
      await services.cases.intake.intake(
        { actor: agent },
        {
          itemCode: viaAgent.implementationCode,
          applicantId: resident.id,
          channel: 'window',
          regionCode: where.villageCode,
          scenario: null,
          form: formFor(viaAgent.formFields, resident, day),
          materials: marksFor(viaAgent, null, {}),
          decision: 'submit',
          authorisationId: await authorisedFor(resident, viaAgent.implementationCode),
        },
      );
      cases++;
    });
  }

  // 电子监察, as the clock and alert jobs do each evening: the clock's warnings, then the rules'
  // alerts (red cases, deferred materials and filings overdue, the correction after acceptance); a
  // department answers its oldest one and the supervisor closes it, the rest wait on the page.
  later(at(lastDay, 22 * 60), async () => {
    const today = chinaDate(clock.now());
    const calendars = new Map<string, CalendarData>();
    let after: string | null = null;
    do after = (await services.cases.clock.raiseWarnings({ today, horizon: addDays(today, 120), after, batchSize: 200, calendars })).next;
    while (after);
    await services.alerts.evaluate();
  });
  later(at(lastDay, 22 * 60 + 30), async () => {
    const open = (await services.alerts.list(systemActor, { state: 'open' }, { limit: 100, offset: 0 })).items;
    const oldest = open.filter((a) => reviewers.has(a.departmentId)).at(-1);
    if (!oldest) return;
    await services.alerts.respond({ actor: reviewers.get(oldest.departmentId)! }, oldest.id, { text: '已核实:经办人员请假交接不及时,已明确AB角并督促办理' });
    await services.alerts.close({ actor: supervisor }, oldest.id, { verdict: 'rectified', note: '情况属实,已督促整改,纳入月度通报' });
  });

  // Appointments booked for the coming days, still to come when the demo opens.
  for (let i = 0; i < 12; i++) {
    const who = pick(people);
    const classCode = pick(['B', 'D']);
    let day = workdaysAfter(lastDay, between(1, 6));
    if (day < options.today) day = options.today;
    const slotStart = new Date(at(day, pick([9 * 60, 9 * 60 + 30, 10 * 60, 14 * 60, 14 * 60 + 30, 15 * 60 + 30])));
    later(at(lastDay, 18 * 60 + i * 7), async () => {
      await bookOrNot({ centerId: where.cityCenterId, classCode, slotStart, name: who.name, idNumber: who.idNumber, phone: who.phone });
    });
  }

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  const total = steps.length;
  let lastLabel = '';
  for (const [index, step] of steps.entries()) {
    clock.set(step.at);
    try {
      await step.run();
    } catch (error) {
      // Where the story broke: a step the services refused is a bug of the story, not of the data.
      throw new Error(`demo history, step ${index + 1} at ${chinaDateTime(new Date(step.at))}: ${(error as Error).message}`, { cause: error });
    }
    const label = chinaDate(new Date(step.at)).slice(0, 7);
    if (options.progress && (label !== lastLabel || (index + 1) % 250 === 0 || index === total - 1)) {
      lastLabel = label;
      options.progress(index + 1, total, label);
    }
  }
  return { cases, steps: total, tickets, appointments, ratings: ratingsGiven, complaints: complaintsReceived };
}
