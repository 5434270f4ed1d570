/**
 * Measuring a benchmark's writes: throughput and latency of an operation driven by concurrent
 * clients, and the statements of one operation (pg client round trips, BEGIN and COMMIT included),
 * split at its transaction, with how long locks are held and, if asked, time per service method.
 */
import pg from 'pg';

export async function drive(count: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<{ perSecond: number; p50: number; p95: number }> {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await one(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: latencies[Math.floor(latencies.length * 0.5)]!, p95: latencies[Math.floor(latencies.length * 0.95)]! };
}

export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---- counting statements (pg client round trips) ---------------------------------------------

interface Statement {
  text: string;
  start: number;
  end: number;
}

/** Runs `work` with every pg client query recorded (BEGIN and COMMIT included). */
async function recorded(work: () => Promise<unknown>): Promise<Statement[]> {
  const log: Statement[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string } | undefined)?.text ?? '?');
    const entry: Statement = { text: text.replace(/\s+/g, ' ').trim(), start: performance.now(), end: 0 };
    log.push(entry);
    const result = original.apply(this, a);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => {
          entry.end = performance.now();
        },
        () => {
          entry.end = performance.now();
        },
      );
    }
    return result;
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return log;
}

/** A statement's shape: its verb and table, for grouping. */
function shape(text: string): string {
  const t = text.toLowerCase();
  if (t === 'begin' || t === 'commit' || t === 'rollback') return t.toUpperCase();
  if (t.includes('pg_advisory_xact_lock')) return 'SELECT pg_advisory_xact_lock';
  const m = /^(select|insert into|update|delete from)\s+(?:"?(\w+)"?)?/.exec(t);
  if (m && m[1] !== 'select') return `${m[1]!.toUpperCase()} ${m[2]}`;
  const from = /\bfrom\s+"?(\w+)"?(?:\s+as\s+"?(\w+)"?)?/.exec(t);
  const joins = [...t.matchAll(/\bjoin\s+"?(\w+)"?/g)].map((j) => j[1]);
  const forUpdate = /\bfor update\b/.test(t) ? ' FOR UPDATE' : '';
  return `SELECT ${from?.[1] ?? '?'}${joins.length ? ` ⋈ ${joins.join(' ⋈ ')}` : ''}${forUpdate}`;
}

export interface Phases {
  total: number;
  before: number;
  inTx: number;
  after: number;
  /** Wall time, time with at least one statement in flight, node CPU (PGlite's own work included), BEGIN → COMMIT. */
  wallMs: number;
  sqlMs: number;
  cpuMs: number;
  txMs: number;
  /** From the case-number upsert / the audit-chain lock to the end of COMMIT. */
  sequenceHoldMs: number;
  auditHoldMs: number;
  shapes: Map<string, { n: number; ms: number; phase: string }>;
  sections: Map<string, { n: number; ms: number }>;
  /** The statements of one intake, in order. */
  order: string[];
}

/** One operation's statements, split at its BEGIN / COMMIT. */
function phasesOf(log: Statement[], wallMs: number, cpuMs: number): Phases {
  const result: Phases = { total: log.length, before: 0, inTx: 0, after: 0, wallMs, sqlMs: 0, cpuMs, txMs: 0, sequenceHoldMs: 0, auditHoldMs: 0, shapes: new Map(), sections: new Map(), order: log.map((s) => shape(s.text)) };
  let phase: 'before' | 'in' | 'after' = 'before';
  let begin = 0;
  let sequenceAt = 0;
  let auditAt = 0;
  let coveredUntil = 0;
  for (const s of log) {
    const lower = s.text.toLowerCase();
    if (lower === 'begin') {
      phase = 'in';
      begin = s.start;
    }
    if (phase === 'before') result.before++;
    else if (phase === 'in') result.inTx++;
    else result.after++;
    if (lower.includes('case_number_sequences')) sequenceAt = s.start;
    if (lower.includes('pg_advisory_xact_lock')) auditAt = s.start;
    // Statements run in parallel after the commit (Promise.all): count covered time once.
    result.sqlMs += Math.max(0, s.end - Math.max(s.start, coveredUntil));
    coveredUntil = Math.max(coveredUntil, s.end);
    const label = phase === 'before' ? 'read, before' : phase === 'in' ? 'transaction' : 'read, after';
    const key = `${label}|${shape(s.text)}`;
    const seen = result.shapes.get(key) ?? { n: 0, ms: 0, phase: label };
    seen.n++;
    seen.ms += s.end - s.start;
    result.shapes.set(key, seen);
    if (lower === 'commit') {
      result.txMs = s.end - begin;
      if (sequenceAt) result.sequenceHoldMs = s.end - sequenceAt;
      if (auditAt) result.auditHoldMs = s.end - auditAt;
      phase = 'after';
    }
  }
  return result;
}

type Sections = Map<string, { n: number; ms: number }>;

/** Wraps async methods on prototypes to time them (inclusive), while `work` runs. */
async function timed<T>(targets: [object, string, string[]][], sections: Sections, work: () => Promise<T>): Promise<T> {
  const restore: (() => void)[] = [];
  for (const [proto, prefix, names] of targets) {
    const p = proto as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      const original = p[name]!;
      p[name] = async function (this: unknown, ...a: unknown[]) {
        const start = performance.now();
        try {
          return await original.apply(this, a);
        } finally {
          const seen = sections.get(`${prefix}.${name}`) ?? { n: 0, ms: 0 };
          seen.n++;
          seen.ms += performance.now() - start;
          sections.set(`${prefix}.${name}`, seen);
        }
      };
      restore.push(() => {
        p[name] = original;
      });
    }
  }
  try {
    return await work();
  } finally {
    for (const undo of restore) undo();
  }
}

/**
 * Statements and times of `n` operations run one after another, averaged per operation; with
 * `sectionTargets` (prototype, label, method names), also inclusive time per method.
 */
export async function countStatements(run: () => Promise<unknown>, n: number, sectionTargets: [object, string, string[]][] = []): Promise<Phases> {
  const perOp: Phases[] = [];
  const sections: Sections = new Map();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const log = await recorded(() => (sectionTargets.length > 0 ? timed(sectionTargets, sections, run) : run()));
    const used = process.cpuUsage(cpu);
    perOp.push(phasesOf(log, performance.now() - start, (used.user + used.system) / 1000));
  }
  const avg = (f: (p: Phases) => number) => perOp.reduce((sum, p) => sum + f(p), 0) / n;
  const shapes = new Map<string, { n: number; ms: number; phase: string }>();
  for (const p of perOp) {
    for (const [k, v] of p.shapes) {
      const seen = shapes.get(k) ?? { n: 0, ms: 0, phase: v.phase };
      seen.n += v.n / n;
      seen.ms += v.ms / n;
      shapes.set(k, seen);
    }
  }
  for (const v of sections.values()) {
    v.n /= n;
    v.ms /= n;
  }
  return {
    total: avg((p) => p.total),
    before: avg((p) => p.before),
    inTx: avg((p) => p.inTx),
    after: avg((p) => p.after),
    wallMs: avg((p) => p.wallMs),
    sqlMs: avg((p) => p.sqlMs),
    cpuMs: avg((p) => p.cpuMs),
    txMs: avg((p) => p.txMs),
    sequenceHoldMs: avg((p) => p.sequenceHoldMs),
    auditHoldMs: avg((p) => p.auditHoldMs),
    shapes,
    sections,
    order: perOp.at(-1)!.order,
  };
}

export function printProfile(name: string, p: Phases): void {
  console.log(`\n  ${name}: ${p.total.toFixed(1)} statements per intake (${p.before.toFixed(1)} before the transaction, ${p.inTx.toFixed(1)} in it incl. BEGIN/COMMIT, ${p.after.toFixed(1)} after), one at a time:`);
  console.log(`    ${p.wallMs.toFixed(2)} ms per intake: SQL in flight ${p.sqlMs.toFixed(2)} ms, JavaScript between statements ${(p.wallMs - p.sqlMs).toFixed(2)} ms; node CPU ${p.cpuMs.toFixed(2)} ms; transaction ${p.txMs.toFixed(2)} ms`);
  console.log(`    case-number counter row locked ${p.sequenceHoldMs.toFixed(2)} ms, audit-chain lock held ${p.auditHoldMs.toFixed(2)} ms (both until COMMIT; every intake of the region and day queues on the first)`);
  for (const [key, v] of [...p.shapes.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`      ${v.phase.padEnd(12)} ${v.n.toFixed(1).padStart(5)} × ${key.split('|')[1]!.padEnd(50)} ${v.ms.toFixed(2).padStart(7)} ms`);
  }
  const numbered = p.order.map((s, i) => `${String(i + 1).padStart(2)} ${s}`);
  console.log('    one intake in order:');
  for (let i = 0; i < numbered.length; i += 3)
    console.log(
      `      ${numbered
        .slice(i, i + 3)
        .map((x) => x.padEnd(48))
        .join('')}`,
    );
  if (p.sections.size > 0) {
    console.log('    sections (inclusive ms per intake, calls):');
    for (const [key, v] of [...p.sections.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`      ${key.padEnd(34)} ${v.ms.toFixed(2).padStart(7)} ms  ${v.n.toFixed(1).padStart(4)} ×`);
    }
  }
}
