/**
 * The hall's public screens on the web (index, kiosk, display board, a ticket's progress): shapes
 * of the public hall routes and the pure rules behind the screens — which call each window shows,
 * what a check-in entry means, and the queue that speaks calls one after another.
 */
import type { z } from 'zod';
import type { boardCallSchema, boardSchema, callEventSchema, checkedInSchema, issuedTicketSchema, ticketProgressSchema } from '../../../../src/http/contracts/hall.ts';
import type { TicketClass } from '../../api.ts';

// ---- Shapes the API returns (src/http/contracts/hall.ts) -------------------------------------------

export type { PublicCenter, TicketClass } from '../../api.ts';

/** A ticket as the kiosk gets it back: `POST /api/centers/:id/tickets`, or inside a check-in. */
export type IssuedTicket = z.input<typeof issuedTicketSchema>;

/** `POST /api/centers/:id/check-in`: the booking and the priority ticket it became. */
export type CheckInResult = z.input<typeof checkedInSchema>;

export type BoardCall = z.input<typeof boardCallSchema>;

/** The `board` event of `/api/centers/:id/board/stream`: sent on connect and after every change. */
export type BoardSnapshot = z.input<typeof boardSchema>;

/** The `call` event: a call or a recall, to be shown and said at once. */
export type CallEvent = z.input<typeof callEventSchema>;

/** `GET /api/tickets/:id/status` (public; the QR on the ticket). */
export type TicketProgress = z.input<typeof ticketProgressSchema>;

export const hallPublicApi = {
  centersPath: '/api/hall/centers',
  classesPath: (centerId: string) => `/api/centers/${encodeURIComponent(centerId)}/ticket-classes`,
  boardPath: (centerId: string) => `/api/centers/${encodeURIComponent(centerId)}/board`,
  streamPath: (centerId: string) => `/api/centers/${encodeURIComponent(centerId)}/board/stream`,
  ticketsPath: (centerId: string) => `/api/centers/${encodeURIComponent(centerId)}/tickets`,
  checkInPath: (centerId: string) => `/api/centers/${encodeURIComponent(centerId)}/check-in`,
  ticketStatusPath: (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/status`,
};

export const hallPublicPaths = {
  kiosk: (centerId: string) => `/hall/kiosk/${encodeURIComponent(centerId)}`,
  board: (centerId: string) => `/hall/board/${encodeURIComponent(centerId)}`,
  ticket: (ticketId: string) => `/hall/ticket/${encodeURIComponent(ticketId)}`,
  book: (centerId: string) => `/book?center=${encodeURIComponent(centerId)}`,
};

/** The address behind the QR printed on a ticket, e.g. `https://hall.example.cn/hall/ticket/…`. */
export function ticketProgressUrl(origin: string, ticketId: string): string {
  return `${origin.replace(/\/+$/, '')}${hallPublicPaths.ticket(ticketId)}`;
}

// ---- Display board ------------------------------------------------------------------------------

export interface WindowCall {
  windowNumber: number;
  number: string;
  calledAt: string | null;
  className: string;
}

/**
 * What each window is calling now: the newest call of every window in `recent` (newest first),
 * ordered by window number. Calls without a window are left out.
 *
 * @example
 * latestPerWindow([{ number: 'A003', windowNumber: 2, … }, { number: 'A001', windowNumber: 2, … }])
 * // [{ windowNumber: 2, number: 'A003', … }]
 */
export function latestPerWindow(recent: readonly BoardCall[]): WindowCall[] {
  const byWindow = new Map<number, WindowCall>();
  for (const call of recent) {
    if (call.windowNumber === null || byWindow.has(call.windowNumber)) continue;
    byWindow.set(call.windowNumber, { windowNumber: call.windowNumber, number: call.number, calledAt: call.calledAt, className: call.className });
  }
  return [...byWindow.values()].sort((a, b) => a.windowNumber - b.windowNumber);
}

/**
 * Keeps the latest call of every window the display has seen today, although `recent` holds only
 * the last ten: in a hall with more windows than that, a quiet window still shows its number.
 * A newer call of a window replaces its older one; the result is ordered by window number.
 */
export function mergeWindowCalls(known: readonly WindowCall[], recent: readonly BoardCall[]): WindowCall[] {
  const byWindow = new Map(known.map((w) => [w.windowNumber, w]));
  for (const call of latestPerWindow(recent)) {
    const before = byWindow.get(call.windowNumber);
    if (!before?.calledAt || (call.calledAt !== null && Date.parse(call.calledAt) >= Date.parse(before.calledAt))) byWindow.set(call.windowNumber, call);
  }
  return [...byWindow.values()].sort((a, b) => a.windowNumber - b.windowNumber);
}

/**
 * Folds a live `call` event into the recent calls (newest first, at most `limit`), so the screen
 * changes the moment the call is made rather than when the next snapshot comes. A recall moves the
 * ticket to the top instead of listing it twice.
 */
export function withCall(recent: readonly BoardCall[], call: CallEvent, className = '', limit = 10): BoardCall[] {
  const previous = recent.find((r) => r.number === call.number && r.windowNumber === call.windowNumber);
  const rest = recent.filter((r) => r !== previous);
  const head: BoardCall = { number: call.number, windowNumber: call.windowNumber, calledAt: call.at, className: previous?.className || className, announcement: call.announcement };
  return [head, ...rest].slice(0, limit);
}

/**
 * The call to show in large type: the live event, unless a snapshot since brought a newer call
 * (calls made while the display was reconnecting).
 */
export function latestCall(recent: readonly BoardCall[], live: CallEvent | null): { number: string; windowNumber: number; announcement: string } | null {
  const first = recent.find((r) => r.windowNumber !== null);
  const fromBoard = first ? { number: first.number, windowNumber: first.windowNumber!, announcement: first.announcement, at: first.calledAt } : null;
  if (!live) return fromBoard;
  if (!fromBoard?.at) return live;
  return Date.parse(fromBoard.at) > Date.parse(live.at) ? fromBoard : live;
}

// ---- Speaking calls ------------------------------------------------------------------------------

export interface SpeechQueueOptions {
  /** Says one text; resolves when done (or failed: the queue goes on either way). */
  speak(text: string): Promise<void>;
  /** Waits between the repeats of one announcement. */
  wait(ms: number): Promise<void>;
  /** How often each announcement is said; a hall says it twice. */
  repeat?: number;
  pauseMs?: number;
  /** Announcements waiting beyond this are dropped, oldest first: a stale call helps nobody. */
  maxPending?: number;
}

/**
 * Says announcements one at a time, each `repeat` times, in the order they came; never two at once.
 * An announcement already waiting is not queued again (a recall made before it was said).
 *
 * @example
 * const queue = new SpeechQueue({ speak: (text) => sayInChinese(text), wait: (ms) => sleep(ms) });
 * queue.enqueue('请A001号到3号窗口办理');
 */
export class SpeechQueue {
  readonly #speak: (text: string) => Promise<void>;
  readonly #wait: (ms: number) => Promise<void>;
  readonly #repeat: number;
  readonly #pauseMs: number;
  readonly #maxPending: number;
  readonly #pending: { text: string; times: number }[] = [];
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(options: SpeechQueueOptions) {
    this.#speak = options.speak;
    this.#wait = options.wait;
    this.#repeat = Math.max(1, options.repeat ?? 2);
    this.#pauseMs = options.pauseMs ?? 800;
    this.#maxPending = Math.max(1, options.maxPending ?? 6);
  }

  /** Queues an announcement (said `times` times, the queue's `repeat` unless told); it comes after those before it. */
  enqueue(text: string, times = this.#repeat): void {
    if (this.#stopped || !text.trim()) return;
    if (!this.#pending.some((p) => p.text === text)) {
      this.#pending.push({ text, times: Math.max(1, times) });
      while (this.#pending.length > this.#maxPending) this.#pending.shift();
    }
    this.#start();
  }

  /** What is still to be said, next first (the one being said is no longer pending). */
  get pending(): readonly string[] {
    return this.#pending.map((p) => p.text);
  }

  get isSpeaking(): boolean {
    return this.#running !== null;
  }

  /** Resolves when everything queued so far has been said. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Forgets what is pending and says nothing more (the page is closing). */
  stop(): void {
    this.#stopped = true;
    this.#pending.length = 0;
  }

  #start(): void {
    if (this.#running) return;
    this.#running = this.#run().finally(() => {
      this.#running = null;
      // Queued in the moment between the last word and this line: start again.
      if (this.#pending.length > 0 && !this.#stopped) this.#start();
    });
  }

  async #run(): Promise<void> {
    for (let next = this.#pending.shift(); next !== undefined && !this.#stopped; next = this.#pending.shift()) {
      for (let i = 0; i < next.times && !this.#stopped; i++) {
        if (i > 0) await this.#wait(this.#pauseMs);
        await this.#speak(next.text).catch(() => undefined);
      }
      if (this.#pending.length > 0 && !this.#stopped) await this.#wait(this.#pauseMs);
    }
  }
}

/** The browser's speech synthesis as the board uses it (a fake in tests). */
export interface SpeechPort {
  /** The languages of the voices installed, in the browser's order. */
  voiceLangs(): readonly string[];
  /** Says one text; `done` is called at its end, with the error code if it failed. */
  speak(text: string, settings: { lang: string; rate: number; voiceIndex: number | null }, done: (error?: string) => void): void;
}

export type SpeechOutcome = 'spoken' | 'blocked' | 'failed';

/** The voice to say Chinese with: a zh-CN one, else any Chinese one, else the browser's choice. */
export function chineseVoiceIndex(langs: readonly string[]): number | null {
  const mainland = langs.findIndex((lang) => /^zh[-_]CN$/i.test(lang));
  if (mainland >= 0) return mainland;
  const chinese = langs.findIndex((lang) => /^(zh|cmn)\b/i.test(lang));
  return chinese >= 0 ? chinese : null;
}

/**
 * Says `text` in Chinese and waits for the end. `blocked` means the browser wants a click first
 * (autoplay policy). When the browser never reports the end (it happens), the time a text of that
 * length needs is taken as the end, so the queue never stalls.
 */
export function sayInChinese(port: SpeechPort, text: string, options: { rate?: number; timeoutMs?: number } = {}): Promise<SpeechOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SpeechOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('spoken'), options.timeoutMs ?? Math.max(5_000, text.length * 700));
    try {
      port.speak(text, { lang: 'zh-CN', rate: options.rate ?? 0.9, voiceIndex: chineseVoiceIndex(port.voiceLangs()) }, (error) => {
        finish(error === undefined ? 'spoken' : error === 'not-allowed' ? 'blocked' : 'failed');
      });
    } catch {
      finish('failed');
    }
  });
}

// ---- Time in the hall ----------------------------------------------------------------------------

const chinaZone = 'Asia/Shanghai';
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: chinaZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: chinaZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `10:32:05` in China time, whatever the device's zone: the hall keeps Beijing time. */
export function hallClock(at: Date | string, seconds = true): string {
  const text = timeFormat.format(typeof at === 'string' ? new Date(at) : at);
  return seconds ? text : text.slice(0, 5);
}

/** `2026-05-11 10:32` in China time. */
export function hallDateTime(at: Date | string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return String(at);
  return `${dateFormat.format(date)} ${hallClock(date, false)}`;
}

/** `2026年5月11日星期一` or `Monday 11 May 2026`, China's day. */
export function hallDay(at: Date, english: boolean): string {
  return new Intl.DateTimeFormat(english ? 'en-GB' : 'zh-CN', { timeZone: chinaZone, dateStyle: 'full' }).format(at);
}

// ---- Kiosk -----------------------------------------------------------------------------------------

export type CheckInEntry = { ok: true; body: { code: string } | { idNumber: string } } | { ok: false; reason: 'empty' | 'length' | 'characters' };

const bookingCodeChars = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;
const idNumberChars = /^[0-9]{17}[0-9X]$/;

/**
 * What the applicant typed at the kiosk's check-in: a 6-character booking code or an 18-character
 * resident ID number (spaces ignored, letters in upper case).
 *
 * @example
 * checkInEntry(' k7m 2pq ') // { ok: true, body: { code: 'K7M2PQ' } }
 */
export function checkInEntry(input: string): CheckInEntry {
  const text = input.replace(/\s+/g, '').toUpperCase();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length === 6) return bookingCodeChars.test(text) ? { ok: true, body: { code: text } } : { ok: false, reason: 'characters' };
  if (text.length === 18) return idNumberChars.test(text) ? { ok: true, body: { idNumber: text } } : { ok: false, reason: 'characters' };
  return { ok: false, reason: 'length' };
}

/** The ticket class's name in the reader's language, when the kiosk knows the class. */
export function classNameIn(classes: readonly Pick<TicketClass, 'code' | 'name' | 'nameEn'>[], classCode: string, fallback: string, english: boolean): string {
  const found = classes.find((c) => c.code === classCode);
  if (!found) return fallback;
  return english ? found.nameEn || found.name : found.name;
}
