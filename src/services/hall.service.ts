/**
 * The service hall (DESIGN §8): one door, one ticket, one window. Kiosks issue tickets by class;
 * a clerk signs in at a window and calls the next ticket of the classes it serves (green channel,
 * appointments on time, then first come first served); recall, no-show, transfer, serve, finish.
 * Serving links the ticket to the cases handled, which records the visit in each case's ledger.
 */
import { AppError } from '../domain/errors.ts';
import { defaultTicketClasses, histogramPercentile, spokenCall, statMinutes, ticketActions, ticketActionsFor, ticketNumber, ticketStatusLabels, type TicketAction, type TicketPriority } from '../domain/hall.ts';
import { chinaDate } from '../domain/china-time.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { HallStatRow, Ticket, TicketClass } from '../repositories/hall.repository.ts';
import type { Center, ServiceWindow } from '../repositories/org.repository.ts';
import { assertMay, forbidden, may, notFound, shownName, type Actor, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';
import type { CaseActions } from './cases/actions.ts';

type Uses = (typeof HallService.repositories)[number];

export interface IssuedTicket extends Ticket {
  ahead: number;
}

export interface CalledTicket extends Ticket {
  announcement: string;
  actions: TicketAction[];
}

export interface HallBoard {
  center: { id: string; name: string };
  day: string;
  classes: (TicketClass & { waiting: number })[];
  recent: { number: string; windowNumber: number | null; calledAt: Date | null; className: string; announcement: string }[];
}

/** What a display is told about a change of the hall (NOTIFY payload, then server-sent event). */
export interface HallSignal {
  centerId: string;
  /** A call (or recall) the speakers announce; absent when only the queue changed. */
  call?: { number: string; windowNumber: number; announcement: string; at: string };
}

/** Tells every process's displays: the queue changed, and maybe who is called where. At commit. */
export async function signalHall(repos: Pick<Repositories, 'hall'>, signal: HallSignal): Promise<void> {
  await repos.hall.notify(signal);
}

/**
 * Issues a ticket inside a write: the class's next number of the day, the rollup's count, the signal.
 * Kiosk tickets and appointment check-ins both come through here.
 */
export async function createTicket(repos: Pick<Repositories, 'hall'>, now: Date, input: { centerId: string; classId: string; classCode: string; priority: TicketPriority; slotStart: Date | null }): Promise<Ticket> {
  const day = chinaDate(now);
  const sequence = await repos.hall.nextSequence(input.classId, day);
  const ticket = await repos.hall.insertTicket({
    centerId: input.centerId,
    classId: input.classId,
    day,
    sequence,
    number: ticketNumber(input.classCode, sequence),
    priority: input.priority,
    slotStart: input.slotStart,
    applicantId: null,
    at: now,
  });
  await repos.hall.bumpStat({ centerId: input.centerId, day, classId: input.classId, windowId: null, metric: 'issued', minute: 0 });
  await signalHall(repos, { centerId: input.centerId });
  return ticket;
}

export interface HallFigures {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  transfers: number;
  waitMedian: number | null;
  waitP90: number | null;
  serviceMedian: number | null;
  serviceP90: number | null;
}

export interface HallStats {
  center: { id: string; name: string };
  from: string;
  to: string;
  totals: HallFigures;
  byClass: (HallFigures & { classId: string; code: string; name: string })[];
  byWindow: (HallFigures & { windowId: string; number: number; name: string })[];
  byDay: (HallFigures & { day: string })[];
  longestWaiting: { id: string; number: string; className: string; priority: TicketPriority; issuedAt: Date; minutes: number }[];
}

export function figures(rows: readonly HallStatRow[]): HallFigures {
  const wait = new Map<number, number>();
  const service = new Map<number, number>();
  const f: HallFigures = { issued: 0, called: 0, served: 0, noShows: 0, transfers: 0, waitMedian: null, waitP90: null, serviceMedian: null, serviceP90: null };
  for (const r of rows) {
    if (r.metric === 'issued') f.issued += r.n;
    else if (r.metric === 'no_show') f.noShows += r.n;
    else if (r.metric === 'transfer') f.transfers += r.n;
    else if (r.metric === 'wait') {
      f.called += r.n;
      wait.set(r.minute, (wait.get(r.minute) ?? 0) + r.n);
    } else if (r.metric === 'service') {
      f.served += r.n;
      service.set(r.minute, (service.get(r.minute) ?? 0) + r.n);
    }
  }
  return { ...f, waitMedian: histogramPercentile(wait, 0.5), waitP90: histogramPercentile(wait, 0.9), serviceMedian: histogramPercentile(service, 0.5), serviceP90: histogramPercentile(service, 0.9) };
}

function groupBy<K>(rows: readonly HallStatRow[], key: (r: HallStatRow) => K): Map<K, HallStatRow[]> {
  const groups = new Map<K, HallStatRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

function ticketView(ticket: Ticket): CalledTicket {
  return { ...ticket, announcement: ticket.windowNumber ? spokenCall(ticket.number, ticket.windowNumber) : '', actions: ticketActionsFor(ticket.status) };
}

/** What the hall needs of the case service: linking a ticket to cases, inside the ticket's transaction. */
export type HallCaseLinks = Pick<CaseActions, 'recordHallVisit'>;

export class HallService {
  /**
   * The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach.
   * `cases` and `caseLog` are here only so that the case service (`recordHallVisit`) records a
   * linked visit inside the ticket's own transaction; the hall never writes them itself.
   */
  static readonly repositories = ['catalog', 'hall', 'org', 'cases', 'caseLog', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly cases: HallCaseLinks;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; cases: HallCaseLinks }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.cases = options.cases;
  }

  private async center(repos: Pick<Repositories, Uses>, centerId: string): Promise<Center> {
    const center = await repos.org.findCenter(centerId);
    if (!center) throw notFound({ zh: '服务中心', en: 'Center' });
    return center;
  }

  private async window(repos: Pick<Repositories, Uses>, windowId: string): Promise<ServiceWindow> {
    const window = await repos.org.findWindow(windowId);
    if (!window?.active) throw notFound({ zh: '窗口', en: 'Window' });
    return window;
  }

  /** Gives a center its ticket classes (the six defaults) once; an administrator of its region. */
  async setUpCenter(options: WriteOptions, centerId: string): Promise<TicketClass[]> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const center = await this.center(repos, centerId);
      assertMay(options.actor, 'org.manage', { regionPath: center.regionPath });
      for (const c of defaultTicketClasses) await repos.hall.insertClass({ centerId, code: c.code, name: c.name, nameEn: c.nameEn, itemCodes: [], at: now });
      await record({ action: 'hall.classes_set_up', entityType: 'center', entityId: centerId, scope: { regionPath: center.regionPath } });
      return repos.hall.listClasses(centerId);
    });
  }

  /**
   * Adds or changes a class of a center: its name, the items it takes (so a kiosk or guide can say
   * which ticket an item needs) and whether kiosks still offer it.
   */
  async saveClass(options: WriteOptions, centerId: string, code: string, input: { name: string; nameEn: string; itemCodes: string[]; active: boolean }): Promise<TicketClass> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const center = await this.center(repos, centerId);
      assertMay(options.actor, 'org.manage', { regionPath: center.regionPath });
      const itemCodes = [...new Set(input.itemCodes)];
      for (const itemCode of itemCodes) {
        if (!(await repos.catalog.findItem(itemCode))) throw new AppError('VALIDATION_FAILED', { zh: `事项 ${itemCode} 不存在`, en: `No item ${itemCode}` }, { field: 'itemCodes' });
      }
      await repos.hall.upsertClass({ centerId, code, name: input.name.trim(), nameEn: input.nameEn.trim(), itemCodes, active: input.active, at: now });
      await record({ action: 'hall.class_saved', entityType: 'center', entityId: centerId, payload: { code, ...input, itemCodes }, scope: { regionPath: center.regionPath } });
      return (await repos.hall.listClasses(centerId)).find((c) => c.code === code)!;
    });
  }

  /** Which classes a window serves (by class code). */
  async setWindowClasses(options: WriteOptions, windowId: string, codes: readonly string[]): Promise<string[]> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const window = await this.window(repos, windowId);
      assertMay(options.actor, 'org.manage', { regionPath: window.regionPath });
      const classes = await repos.hall.listClasses(window.centerId);
      const ids = codes.map((code) => {
        const found = classes.find((c) => c.code === code);
        if (!found) throw new AppError('VALIDATION_FAILED', { zh: `业务类别 ${code} 不存在`, en: `No ticket class ${code}` });
        return found.id;
      });
      await repos.hall.setWindowClasses(windowId, ids);
      await record({ action: 'hall.window_classes_set', entityType: 'window', entityId: windowId, payload: { codes }, scope: { regionPath: window.regionPath } });
      return [...codes];
    });
  }

  async classes(centerId: string): Promise<TicketClass[]> {
    await this.center(this.uow.read, centerId);
    return (await this.uow.read.hall.listClasses(centerId)).filter((c) => c.active);
  }

  /** A kiosk (or the guide's one-click button) issues a ticket: the number, its class and how many are ahead. */
  async issueTicket(options: WriteOptions, input: { centerId: string; classCode: string; priority?: Extract<TicketPriority, 'normal' | 'green'> }): Promise<IssuedTicket> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const center = await this.center(repos, input.centerId);
      if (input.priority === 'green' && !(options.actor.kind === 'staff' && may(options.actor, 'ticket.green', { regionPath: center.regionPath }))) {
        throw new AppError('FORBIDDEN', { zh: '绿色通道号由导办员或受理员发放,请向工作人员求助', en: 'Green-channel tickets are given by a guide or clerk: please ask the staff' });
      }
      const ticketClass = (await repos.hall.listClasses(input.centerId)).find((c) => c.code === input.classCode && c.active);
      if (!ticketClass) throw new AppError('VALIDATION_FAILED', { zh: `本中心没有业务类别 ${input.classCode}`, en: `This center has no ticket class ${input.classCode}` });
      const ticket = await createTicket(repos, now, { centerId: input.centerId, classId: ticketClass.id, classCode: ticketClass.code, priority: input.priority ?? 'normal', slotStart: null });
      await record({
        action: 'hall.ticket_issued',
        entityType: 'ticket',
        entityId: ticket.id,
        payload: { number: ticket.number, priority: ticket.priority },
        scope: { regionPath: center.regionPath },
        events: [{ topic: 'hall.ticket_issued', payload: { centerId: input.centerId, number: ticket.number } }],
      });
      return { ...ticket, ahead: await repos.hall.ahead(ticket) };
    });
  }

  /** A clerk takes a window: calls made there are theirs. */
  async openWindow(options: WriteOptions, windowId: string): Promise<{ windowId: string; staffName: string; classCodes: string[] }> {
    const { actor } = options;
    if (actor.kind !== 'staff') throw forbidden();
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const window = await this.window(repos, windowId);
      assertMay(actor, 'window.work', { regionPath: window.regionPath });
      await repos.hall.openSession(windowId, { id: actor.id!, name: shownName(actor) }, now);
      await record({ action: 'hall.window_opened', entityType: 'window', entityId: windowId, scope: { regionPath: window.regionPath } });
      const classes = await repos.hall.listClasses(window.centerId);
      const served = new Set(await repos.hall.windowClasses(windowId));
      return { windowId, staffName: shownName(actor), classCodes: classes.filter((c) => served.has(c.id)).map((c) => c.code) };
    });
  }

  private async assertAtWindow(repos: Pick<Repositories, Uses>, actor: Actor, windowId: string): Promise<ServiceWindow> {
    const window = await this.window(repos, windowId);
    assertMay(actor, 'window.work', { regionPath: window.regionPath });
    const session = await repos.hall.session(windowId);
    if (actor.kind !== 'system' && session?.staffId !== actor.id) {
      throw new AppError('WINDOW_NOT_SIGNED_IN', { zh: '请先在该窗口签到(当前不是您在此窗口)', en: 'Open this window first: you are not signed in at it' });
    }
    return window;
  }

  /** Calls the next ticket to a window; `null` when nobody waits for its classes. */
  async callNext(options: WriteOptions, windowId: string): Promise<CalledTicket | null> {
    return performWrite(this.uow, this.clock, { ...options, mayChangeNothing: true }, async ({ repos, now, record }) => {
      const window = await this.assertAtWindow(repos, options.actor, windowId);
      const classIds = await repos.hall.windowClasses(windowId);
      const id = await repos.hall.claimNext({ centerId: window.centerId, day: chinaDate(now), classIds, windowId, now });
      if (!id) return null;
      const before = (await repos.hall.findTicket(id))!;
      await repos.hall.updateTicket(id, { status: 'called', calledAt: now, callCount: 1, windowId, staffId: options.actor.id, targetWindowId: null });
      const ticket = (await repos.hall.findTicket(id))!;
      // Waiting time: from the ticket to its first call (a transferred ticket's second wait is the transfer's).
      if (before.transfers === 0) await repos.hall.bumpStat({ centerId: window.centerId, day: ticket.day, classId: ticket.classId, windowId, metric: 'wait', minute: statMinutes(ticket.issuedAt, now) });
      const announcement = spokenCall(ticket.number, window.number);
      await signalHall(repos, { centerId: window.centerId, call: { number: ticket.number, windowNumber: window.number, announcement, at: now.toISOString() } });
      await record({
        action: 'hall.ticket_called',
        entityType: 'ticket',
        entityId: id,
        payload: { number: ticket.number, window: window.number },
        scope: { regionPath: window.regionPath },
        events: [{ topic: 'hall.call', payload: { centerId: window.centerId, number: ticket.number, windowNumber: window.number, announcement } }],
      });
      return ticketView(ticket);
    });
  }

  /** Recall, no-show, serve, transfer (to another class or window), finish (with the cases handled). */
  async act(options: WriteOptions, ticketId: string, input: { action: TicketAction; classCode?: string; windowId?: string; caseIds?: string[] }): Promise<CalledTicket> {
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now, record } = scope;
      const ticket = await repos.hall.lockTicket(ticketId);
      if (!ticket) throw notFound({ zh: '号', en: 'Ticket' });
      if (!ticket.windowId) throw new AppError('TICKET_ACTION_NOT_ALLOWED', { zh: '该号尚未被叫', en: 'This ticket has not been called' }, { status: ticket.status, allowed: [] });
      const window = await this.assertAtWindow(repos, options.actor, ticket.windowId);
      const rule = ticketActions[input.action];
      if (!(rule.from as readonly string[]).includes(ticket.status)) {
        throw new AppError(
          'TICKET_ACTION_NOT_ALLOWED',
          { zh: `该号${ticketStatusLabels[ticket.status].zh},不能${rule.label.zh}`, en: `The ticket is ${ticketStatusLabels[ticket.status].en.toLowerCase()}: cannot ${rule.label.en.toLowerCase()}` },
          { status: ticket.status, allowed: ticketActionsFor(ticket.status) },
        );
      }
      let announce: string | null = null;
      switch (input.action) {
        case 'recall':
          await repos.hall.updateTicket(ticket.id, { callCount: ticket.callCount + 1, calledAt: now });
          announce = spokenCall(ticket.number, window.number);
          break;
        case 'skip':
          await repos.hall.updateTicket(ticket.id, { status: 'no_show' });
          await repos.hall.bumpStat({ centerId: ticket.centerId, day: ticket.day, classId: ticket.classId, windowId: window.id, metric: 'no_show', minute: 0 });
          break;
        case 'serve':
          await repos.hall.updateTicket(ticket.id, { status: 'serving', servedAt: now });
          break;
        case 'transfer': {
          const classes = await repos.hall.listClasses(ticket.centerId);
          const toClass = input.classCode ? classes.find((c) => c.code === input.classCode) : undefined;
          const toWindow = input.windowId ? await repos.org.findWindow(input.windowId) : undefined;
          if ((input.classCode && !toClass) || (input.windowId && (!toWindow || toWindow.centerId !== ticket.centerId)) || (!toClass && !toWindow)) {
            throw new AppError('VALIDATION_FAILED', { zh: '请选择本中心的另一个业务类别或窗口', en: 'Choose another class or window of this center' });
          }
          // Moved to the other queue with its place kept (its original issue time).
          await repos.hall.updateTicket(ticket.id, { status: 'waiting', classId: toClass?.id ?? ticket.classId, targetWindowId: toWindow?.id ?? null, windowId: null, calledAt: null, callCount: 0, transfers: ticket.transfers + 1 });
          await repos.hall.bumpStat({ centerId: ticket.centerId, day: ticket.day, classId: ticket.classId, windowId: window.id, metric: 'transfer', minute: 0 });
          break;
        }
        case 'link':
        case 'finish': {
          if (input.action === 'link' && !input.caseIds?.length) throw new AppError('VALIDATION_FAILED', { zh: '请指明关联的办件', en: 'Name the case to link' });
          const caseIds = [...new Set([...ticket.caseIds, ...(input.caseIds ?? [])])];
          // The applicant came for the newly linked cases: the case service records the trips, for cases the clerk may act on.
          await this.cases.recordHallVisit(
            scope,
            options.actor,
            (input.caseIds ?? []).filter((id) => !ticket.caseIds.includes(id)),
          );
          if (input.action === 'link') {
            await repos.hall.updateTicket(ticket.id, { caseIds });
            break;
          }
          await repos.hall.updateTicket(ticket.id, { status: 'done', finishedAt: now, caseIds });
          await repos.hall.bumpStat({ centerId: ticket.centerId, day: ticket.day, classId: ticket.classId, windowId: window.id, metric: 'service', minute: statMinutes(ticket.servedAt ?? now, now) });
          break;
        }
      }
      await signalHall(repos, { centerId: ticket.centerId, ...(announce ? { call: { number: ticket.number, windowNumber: window.number, announcement: announce, at: now.toISOString() } } : {}) });
      await record({
        action: `hall.ticket_${input.action}`,
        entityType: 'ticket',
        entityId: ticket.id,
        payload: { number: ticket.number, ...(input.classCode ? { classCode: input.classCode } : {}), ...(input.caseIds ? { caseIds: input.caseIds } : {}) },
        scope: { regionPath: window.regionPath },
        ...(announce ? { events: [{ topic: 'hall.call', payload: { centerId: ticket.centerId, number: ticket.number, windowNumber: window.number, announcement: announce } }] } : {}),
      });
      return ticketView((await repos.hall.findTicket(ticket.id))!);
    });
  }

  /** What the hall's big screen shows: waiting per class and the latest calls. Public. */
  async board(centerId: string): Promise<HallBoard> {
    const repos = this.uow.read;
    const center = await this.center(repos, centerId);
    const day = chinaDate(this.clock.now());
    const [classes, counts, recent] = await Promise.all([repos.hall.listClasses(centerId), repos.hall.waitingCounts(centerId, day), repos.hall.recentCalls(centerId, day, 10)]);
    const waiting = new Map(counts.map((c) => [c.classId, c.waiting]));
    return {
      center: { id: center.id, name: center.name },
      day,
      classes: classes.filter((c) => c.active).map((c) => ({ ...c, waiting: waiting.get(c.id) ?? 0 })),
      recent: recent.map((t) => ({ number: t.number, windowNumber: t.windowNumber, calledAt: t.calledAt, className: t.className, announcement: t.windowNumber ? spokenCall(t.number, t.windowNumber) : '' })),
    };
  }

  /** A public view of one ticket (the QR on the printed ticket leads here): where it stands now. */
  async ticketStatus(ticketId: string): Promise<{ id: string; number: string; className: string; status: Ticket['status']; ahead: number; windowNumber: number | null; issuedAt: Date; centerName: string; announcement: string }> {
    const repos = this.uow.read;
    const ticket = await repos.hall.findTicket(ticketId);
    if (!ticket) throw notFound({ zh: '号', en: 'Ticket' });
    const center = await this.center(repos, ticket.centerId);
    return {
      id: ticket.id,
      number: ticket.number,
      className: ticket.className,
      status: ticket.status,
      ahead: ticket.status === 'waiting' ? await repos.hall.ahead(ticket) : 0,
      windowNumber: ticket.windowNumber,
      issuedAt: ticket.issuedAt,
      centerName: center.name,
      announcement: ticket.status === 'called' && ticket.windowNumber ? spokenCall(ticket.number, ticket.windowNumber) : '',
    };
  }

  /** The clerk's window screen: its classes, who is signed in, the ticket in hand, the queue it draws from. */
  async windowView(
    actor: Actor,
    windowId: string,
  ): Promise<{ window: ServiceWindow; centerName: string; classes: (TicketClass & { waiting: number })[]; staffName: string | null; mine: boolean; current: CalledTicket | null; windows: { id: string; number: number; name: string }[] }> {
    const repos = this.uow.read;
    const window = await this.window(repos, windowId);
    assertMay(actor, 'window.view', { regionPath: window.regionPath });
    const center = await this.center(repos, window.centerId);
    const day = chinaDate(this.clock.now());
    const [classes, served, session, counts, current, windows] = await Promise.all([
      repos.hall.listClasses(window.centerId),
      repos.hall.windowClasses(windowId),
      repos.hall.session(windowId),
      repos.hall.waitingCounts(window.centerId, day),
      repos.hall.currentAtWindow(windowId, day),
      repos.org.listWindows(window.centerId),
    ]);
    const waiting = new Map(counts.map((c) => [c.classId, c.waiting]));
    const mine = new Set(served);
    return {
      window,
      centerName: center.name,
      staffName: session?.staffName ?? null,
      mine: session?.staffId === actor.id,
      classes: classes.filter((c) => c.active && mine.has(c.id)).map((c) => ({ ...c, waiting: waiting.get(c.id) ?? 0 })),
      current: current ? ticketView(current) : null,
      windows: windows.filter((w) => w.active).map((w) => ({ id: w.id, number: w.number, name: w.name })),
    };
  }

  /** Waiting and service times (median, 90th percentile) per class, window and day; no-shows, transfers; longest waits now. */
  async stats(actor: Actor, centerId: string, range: { from: string; to: string }): Promise<HallStats> {
    const repos = this.uow.read;
    const center = await this.center(repos, centerId);
    assertMay(actor, 'hall.stats', { regionPath: center.regionPath });
    if (range.from > range.to) throw new AppError('VALIDATION_FAILED', { zh: '开始日期不能晚于结束日期', en: 'The start date is after the end date' });
    const today = chinaDate(this.clock.now());
    const [rows, classes, windows, longest] = await Promise.all([repos.hall.statRows(centerId, range.from, range.to), repos.hall.listClasses(centerId), repos.org.listWindows(centerId), repos.hall.longestWaiting(centerId, today, 10)]);
    const byClass = groupBy(rows, (r) => r.classId);
    const byWindow = groupBy(
      rows.filter((r) => r.windowId),
      (r) => r.windowId!,
    );
    const byDay = groupBy(rows, (r) => r.day);
    const now = this.clock.now();
    return {
      center: { id: center.id, name: center.name },
      from: range.from,
      to: range.to,
      totals: figures(rows),
      byClass: classes.filter((c) => c.active || byClass.has(c.id)).map((c) => ({ classId: c.id, code: c.code, name: c.name, ...figures(byClass.get(c.id) ?? []) })),
      byWindow: windows.filter((w) => byWindow.has(w.id)).map((w) => ({ windowId: w.id, number: w.number, name: w.name, ...figures(byWindow.get(w.id)!) })),
      byDay: [...byDay.keys()].sort().map((day) => ({ day, ...figures(byDay.get(day)!) })),
      longestWaiting: longest.map((t) => ({ id: t.id, number: t.number, className: t.className, priority: t.priority, issuedAt: t.issuedAt, minutes: Math.floor((now.getTime() - t.issuedAt.getTime()) / 60_000) })),
    };
  }
}
