/**
 * The live hall: displays connected to this process, kept current from PostgreSQL NOTIFY so that a
 * call made through any process reaches every display (DESIGN §8). A call is passed on at once;
 * the board (waiting counts, recent calls) is read once per center and burst, then sent to all of
 * that center's displays — 500 displays cost one query, not 500.
 */
import type { HallBoard, HallService, HallSignal } from './hall.service.ts';

export type HallMessage = { event: 'call'; data: NonNullable<HallSignal['call']> } | { event: 'board'; data: HallBoard };
export type Listen = (channel: string, handler: (payload: string | null) => void) => Promise<() => Promise<void>>;

interface Display {
  send(message: HallMessage): void;
}

export class HallLive {
  private readonly hall: HallService;
  private readonly listen: Listen;
  private readonly channel: string;
  private readonly boardDelayMs: number;
  private readonly displays = new Map<string, Set<Display>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private started: Promise<() => Promise<void>> | null = null;

  constructor(options: { hall: HallService; listen: Listen; channel: string; boardDelayMs?: number }) {
    this.hall = options.hall;
    this.listen = options.listen;
    this.channel = options.channel;
    this.boardDelayMs = options.boardDelayMs ?? 50;
  }

  /** Starts listening (once). `serve` calls it at start; the first display would otherwise. */
  start(): Promise<void> {
    this.started ??= this.listen(this.channel, (payload) => this.onSignal(payload));
    return this.started.then(() => undefined);
  }

  async stop(): Promise<void> {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    if (this.started) await (await this.started.catch(() => async () => undefined))();
    this.started = null;
  }

  /** Connects a display of a center: it gets the board now, then every call and board change. */
  async connect(centerId: string, send: (message: HallMessage) => void): Promise<() => void> {
    await this.start();
    const board = await this.hall.board(centerId);
    const display: Display = { send };
    const set = this.displays.get(centerId) ?? new Set();
    this.displays.set(centerId, set);
    set.add(display);
    send({ event: 'board', data: board });
    return () => {
      const current = this.displays.get(centerId);
      current?.delete(display);
      if (current?.size === 0) this.displays.delete(centerId);
    };
  }

  /** How many displays this process serves (for health and the benchmark). */
  get connected(): number {
    let n = 0;
    for (const set of this.displays.values()) n += set.size;
    return n;
  }

  private onSignal(payload: string | null): void {
    if (payload === null) {
      // The connection was lost and is back: whatever happened meanwhile, boards are re-read.
      for (const centerId of this.displays.keys()) this.refreshSoon(centerId);
      return;
    }
    let signal: HallSignal;
    try {
      signal = JSON.parse(payload) as HallSignal;
    } catch {
      return;
    }
    const set = this.displays.get(signal.centerId);
    if (!set) return;
    if (signal.call) {
      const message: HallMessage = { event: 'call', data: signal.call };
      for (const display of set) display.send(message);
    }
    this.refreshSoon(signal.centerId);
  }

  private refreshSoon(centerId: string): void {
    if (this.pending.has(centerId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(centerId);
      const set = this.displays.get(centerId);
      if (!set) return;
      this.hall.board(centerId).then(
        (board) => {
          const message: HallMessage = { event: 'board', data: board };
          for (const display of this.displays.get(centerId) ?? []) display.send(message);
        },
        () => undefined,
      );
    }, this.boardDelayMs);
    timer.unref();
    this.pending.set(centerId, timer);
  }
}
