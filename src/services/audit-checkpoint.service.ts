/**
 * Signed checkpoints of the audit chain (DESIGN §9): written by a timed job and on demand, exported
 * as JSON lines for safekeeping elsewhere, and checked by `onewindow verify audit` together with the
 * chain, so rows cut off the end of the log show as well as rows edited in it.
 *
 * The signing key is an SM2 key of its own (`signing_keys.purpose = 'audit'`), made on the first
 * checkpoint, its private key sealed with the data key like the e-licence key's: whoever has the
 * database but not the data key cannot sign a checkpoint. Verifying needs only the public key,
 * which every exported line carries.
 */
import { z } from 'zod';
import { checkAgainstLog, checkpointText, type CheckpointFinding, type CheckpointSource, type SignedCheckpoint } from '../domain/audit-checkpoint.ts';
import { AppError } from '../domain/errors.ts';
import { sm2 } from '../domain/sm2.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { SigningKey } from '../repositories/licence.repository.ts';
import { systemActor, type Clock } from './actor.ts';
import type { AuditService, ChainReport } from './audit.service.ts';
import { signingAlgorithm, signingKeyId } from './e-licence.service.ts';
import type { IdProtector } from './id-protection.ts';
import { performWrite } from './write.ts';

type Uses = (typeof AuditCheckpointService.repositories)[number];

/** As for e-licences: SM2 (GB/T 32918.2) over SM3 with Z of the default user id, DER (r, s) in hex. */
const pageSize = 1000;

export type CheckpointRun =
  | { written: true; checkpoint: SignedCheckpoint }
  /** `empty`: the log has no row yet; `unchanged`: the newest checkpoint already covers the head. */
  | { written: false; reason: 'empty' | 'unchanged'; latest?: SignedCheckpoint };

/** One line of an export: a checkpoint with everything needed to verify it alone. */
export interface ExportedCheckpoint {
  seq: string;
  hash: string;
  /** ISO 8601, as signed. */
  at: string;
  keyId: string;
  algorithm: string;
  /** Uncompressed SM2 public key, hex; empty if the key was missing from the database at export. */
  publicKey: string;
  signature: string;
  /** The signed text, for checking with other tools; verification rebuilds it from the fields. */
  signed: string;
}

export interface AuditVerification {
  /** The chain whole and every checkpoint signed, present and matching the log. */
  ok: boolean;
  chain: ChainReport;
  /** The newest row's seq ('0' for an empty log). */
  headSeq: string;
  databaseCheckpoints: number;
  /** Checkpoints read from an exported file, or null without one. */
  fileCheckpoints: number | null;
  /** The newest checkpoint that verified and matches the log. */
  newest: { seq: string; at: Date } | null;
  /** Rows after the newest good checkpoint: not anchored yet, so their removal could not show. */
  unanchoredRows: number;
  findings: CheckpointFinding[];
}

const exportedLine = z.strictObject({
  seq: z.string().regex(/^[1-9][0-9]{0,18}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  keyId: z.string().regex(/^sm2-[0-9a-f]{16}$/),
  algorithm: z.literal(signingAlgorithm),
  publicKey: z.string().regex(/^(04[0-9a-fA-F]{128})?$/),
  signature: z.string().regex(/^[0-9a-fA-F]{1,400}$/),
  signed: z.string().max(300).optional(),
});

/**
 * Reads an export (JSON lines; blank lines skipped; files appended to one another are fine). Throws
 * VALIDATION_FAILED naming every bad line.
 */
export function parseExportedCheckpoints(text: string): ExportedCheckpoint[] {
  const checkpoints: ExportedCheckpoint[] = [];
  const problems: { line: number; message: string; messageEn: string }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push({ line: index + 1, message: `第 ${index + 1} 行不是 JSON`, messageEn: `line ${index + 1} is not JSON` });
      return;
    }
    const result = exportedLine.safeParse(parsed);
    if (!result.success) {
      const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(line)'))].join(', ');
      problems.push({ line: index + 1, message: `第 ${index + 1} 行不是检查点:${fields}`, messageEn: `line ${index + 1} is not a checkpoint: ${fields}` });
      return;
    }
    checkpoints.push({ ...result.data, signed: result.data.signed ?? '' });
  });
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `检查点文件有误:${problems
          .slice(0, 5)
          .map((p) => p.message)
          .join(';')}`,
        en: `Bad checkpoint file: ${problems
          .slice(0, 5)
          .map((p) => p.messageEn)
          .join('; ')}`,
      },
      problems,
    );
  }
  return checkpoints;
}

export class AuditCheckpointService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['auditCheckpoints', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;
  private readonly audit: AuditService;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector; audit: AuditService }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    this.audit = options.audit;
  }

  /**
   * Signs the chain's head if it moved since the newest checkpoint. Several processes may call it at
   * once: writers queue on one lock and the later ones find the head covered, so one row is written.
   * It writes no audit row of its own, which would move the head it just anchored.
   */
  async checkpoint(): Promise<CheckpointRun> {
    return performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async ({ repos, now }): Promise<CheckpointRun> => {
      await repos.auditCheckpoints.lockWriters();
      const head = await repos.auditCheckpoints.head();
      if (!head) return { written: false, reason: 'empty' };
      const latest = await repos.auditCheckpoints.latest();
      // Never backwards: a log cut below its newest checkpoint stays reported until it grows past it.
      if (latest && BigInt(latest.seq) >= BigInt(head.seq)) return { written: false, reason: 'unchanged', latest };
      const key = await this.signingKey(repos, now);
      const fields = { seq: head.seq, hash: head.hash, at: now, keyId: key.id };
      const signature = sm2.sign(Buffer.from(checkpointText(fields), 'utf8'), this.ids.open(key.privateKeySealed), { publicKey: key.publicKey }).toString('hex');
      const checkpoint = { ...fields, signature };
      if (!(await repos.auditCheckpoints.insert(checkpoint))) return { written: false, reason: 'unchanged', latest: (await repos.auditCheckpoints.latest())! };
      return { written: true, checkpoint };
    });
  }

  /** Every checkpoint as a JSON line (oldest first), each with its public key. */
  async *exportLines(): AsyncGenerator<string> {
    const keys = new Map((await this.uow.read.auditCheckpoints.listKeys()).map((k) => [k.id, k]));
    let after = '0';
    for (;;) {
      const page = await this.uow.read.auditCheckpoints.page(after, pageSize);
      if (page.length === 0) return;
      for (const c of page) {
        const line: ExportedCheckpoint = {
          seq: c.seq,
          hash: c.hash,
          at: c.at.toISOString(),
          keyId: c.keyId,
          algorithm: keys.get(c.keyId)?.algorithm ?? signingAlgorithm,
          publicKey: keys.get(c.keyId)?.publicKey ?? '',
          signature: c.signature,
          signed: checkpointText(c),
        };
        yield JSON.stringify(line);
      }
      after = page.at(-1)!.seq;
    }
  }

  /**
   * Verifies the chain, then every checkpoint in the database and, if given, in an exported copy:
   * its signature (with the public key alone), that the log still has its row with its hash, and,
   * for an exported one, that the database still has it. A copy kept elsewhere catches a log and
   * checkpoints table cut back together.
   */
  async verify(options: { exported?: readonly ExportedCheckpoint[]; onProgress?: (checked: number) => void } = {}): Promise<AuditVerification> {
    const chain = await this.audit.verifyChain(options.onProgress);
    const read = this.uow.read.auditCheckpoints;
    const headSeq = (await read.head())?.seq ?? '0';
    const findings: CheckpointFinding[] = [];
    let newest: { seq: string; at: Date } | null = null;
    const anchored = (c: { seq: string; at: Date }) => {
      if (!newest || BigInt(c.seq) > BigInt(newest.seq)) newest = { seq: c.seq, at: c.at };
    };

    const keys = new Map((await read.listKeys()).map((k) => [k.id, k]));
    let databaseCheckpoints = 0;
    let after = '0';
    for (;;) {
      const page = await read.page(after, pageSize);
      if (page.length === 0) break;
      databaseCheckpoints += page.length;
      const valid = page.filter((c) => {
        const problem = signatureProblem(c, keys.get(c.keyId)?.publicKey, 'database');
        if (problem) findings.push(problem);
        return !problem;
      });
      await this.compareWithLog(valid, 'database', headSeq, findings, anchored);
      after = page.at(-1)!.seq;
    }

    let fileCheckpoints: number | null = null;
    if (options.exported) {
      fileCheckpoints = options.exported.length;
      for (let i = 0; i < options.exported.length; i += pageSize) {
        const page = options.exported.slice(i, i + pageSize).map((e) => ({ ...e, at: new Date(e.at) }));
        const valid = page.filter((c) => {
          const problem = signatureProblem(c, c.publicKey, 'file');
          if (problem) findings.push(problem);
          return !problem;
        });
        await this.compareWithLog(valid, 'file', headSeq, findings, anchored);
        const stored = await read.findBySeqs(valid.map((c) => c.seq));
        for (const c of valid) {
          const s = stored.get(c.seq);
          if (!s) findings.push({ kind: 'missing_from_database', source: 'file', seq: c.seq });
          else if (s.hash !== c.hash || s.at.getTime() !== c.at.getTime() || s.keyId !== c.keyId || s.signature !== c.signature) findings.push({ kind: 'differs_from_database', source: 'file', seq: c.seq });
        }
      }
    }

    const latest = newest as { seq: string; at: Date } | null;
    const unanchoredRows = Number(BigInt(headSeq) - BigInt(latest?.seq ?? '0'));
    const reported = collapseTruncation(findings);
    return { ok: chain.ok && reported.length === 0, chain, headSeq, databaseCheckpoints, fileCheckpoints, newest: latest, unanchoredRows: Math.max(0, unanchoredRows), findings: reported };
  }

  private async compareWithLog(checkpoints: readonly { seq: string; hash: string; at: Date }[], source: CheckpointSource, headSeq: string, findings: CheckpointFinding[], anchored: (c: { seq: string; at: Date }) => void): Promise<void> {
    const hashes = await this.uow.read.auditCheckpoints.hashesAt(checkpoints.map((c) => c.seq));
    for (const c of checkpoints) {
      const finding = checkAgainstLog(c, source, headSeq, hashes.get(c.seq));
      if (finding) findings.push(finding);
      else anchored(c);
    }
  }

  /** The newest audit key, made on first use (callers hold the writers' lock, so only one is made). */
  private async signingKey(repos: Pick<Repositories, Uses>, at: Date): Promise<SigningKey> {
    const existing = await repos.auditCheckpoints.findActiveKey();
    if (existing) return existing;
    const pair = sm2.generateKeyPair();
    await repos.auditCheckpoints.insertKey({ id: signingKeyId(pair.publicKey), algorithm: signingAlgorithm, publicKey: pair.publicKey, privateKeySealed: this.ids.seal(pair.privateKey), at });
    return (await repos.auditCheckpoints.findActiveKey())!;
  }
}

/** Null when the checkpoint's signature verifies with `publicKey`, whose id must be the one it names. */
function signatureProblem(checkpoint: SignedCheckpoint, publicKey: string | undefined, source: CheckpointSource): CheckpointFinding | null {
  if (!publicKey || signingKeyId(publicKey) !== checkpoint.keyId) return { kind: 'unknown_key', source, seq: checkpoint.seq, keyId: checkpoint.keyId };
  let valid = false;
  try {
    valid = /^([0-9a-f]{2})+$/i.test(checkpoint.signature) && sm2.verify(Buffer.from(checkpointText(checkpoint), 'utf8'), Buffer.from(checkpoint.signature, 'hex'), publicKey);
  } catch {
    valid = false;
  }
  return valid ? null : { kind: 'bad_signature', source, seq: checkpoint.seq };
}

/** Every checkpoint past a cut end says the same; the newest of each source says it best. */
function collapseTruncation(findings: CheckpointFinding[]): CheckpointFinding[] {
  const newestCut = new Map<CheckpointSource, bigint>();
  for (const f of findings) if (f.kind === 'rows_missing' && BigInt(f.seq) > (newestCut.get(f.source) ?? 0n)) newestCut.set(f.source, BigInt(f.seq));
  return findings.filter((f) => f.kind !== 'rows_missing' || BigInt(f.seq) === newestCut.get(f.source));
}
