/**
 * Checkpoints anchor the audit chain's head. The hash chain shows an edited or removed row in the
 * middle, but rows cut off the end leave a shorter chain that is still whole. A checkpoint is the
 * chain's newest (seq, hash) at a time, signed with the server's SM2 audit key: a signed checkpoint
 * at row 120 proves rows 1–120 existed with that head, so a log that now ends at row 100, or whose
 * row 120 has another hash, was cut or rewritten. Exported copies kept elsewhere still prove it when
 * the checkpoints table was cut back too.
 */

/** First field of the signed text: names the format, so a signature over it means nothing else. */
export const checkpointTextPrefix = 'onewindow.audit.checkpoint.v1';

export interface CheckpointFields {
  /** The audit row it anchors (decimal). */
  seq: string;
  /** That row's hash (64 hex digits). */
  hash: string;
  at: Date;
  /** The signing key, `sm2-…` (see `signingKeyId`). */
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointFields {
  /** SM2 signature (SM3, default user id, DER, hex) over `checkpointText`. */
  signature: string;
}

/**
 * The exact text that is signed: `onewindow.audit.checkpoint.v1|<seq>|<hash>|<at ISO 8601>|<keyId>`.
 * No field can hold a `|`, and an auditor can rebuild it with printf to check it with openssl.
 *
 * @example checkpointText({ seq: '42', hash: 'ab…', at: new Date('2026-11-23T01:30:00Z'), keyId: 'sm2-0123456789abcdef' })
 * // 'onewindow.audit.checkpoint.v1|42|ab…|2026-11-23T01:30:00.000Z|sm2-0123456789abcdef'
 */
export function checkpointText(fields: CheckpointFields): string {
  return [checkpointTextPrefix, fields.seq, fields.hash, fields.at.toISOString(), fields.keyId].join('|');
}

/** Where a checkpoint was read from: the database's table or an exported copy. */
export type CheckpointSource = 'database' | 'file';

/** Something wrong that a verification found, about one checkpoint. */
export type CheckpointFinding =
  /** The signature does not verify with the key it names (the checkpoint was edited or forged). */
  | { kind: 'bad_signature'; source: CheckpointSource; seq: string }
  /** The key it names is not an audit key on record (or its id does not match its public key). */
  | { kind: 'unknown_key'; source: CheckpointSource; seq: string; keyId: string }
  /** The log ends before the checkpoint's row: rows `headSeq + 1` to `seq` were cut off the end. */
  | { kind: 'rows_missing'; source: CheckpointSource; seq: string; headSeq: string }
  /** The row is gone from the middle of the log (the chain check names the gap too). */
  | { kind: 'row_missing'; source: CheckpointSource; seq: string }
  /** The row at the checkpoint's seq has another hash: the log was rewritten from there on. */
  | { kind: 'hash_differs'; source: CheckpointSource; seq: string }
  /** An exported checkpoint the database's table no longer has, or has with another content. */
  | { kind: 'missing_from_database'; source: 'file'; seq: string }
  | { kind: 'differs_from_database'; source: 'file'; seq: string };

/**
 * Compares one validly signed checkpoint with the log as it stands.
 *
 * @param headSeq the newest row's seq ('0' for an empty log)
 * @param hashAtSeq the hash of the row at the checkpoint's seq, or undefined when there is none
 */
export function checkAgainstLog(checkpoint: { seq: string; hash: string }, source: CheckpointSource, headSeq: string, hashAtSeq: string | undefined): CheckpointFinding | null {
  if (hashAtSeq === undefined) {
    return BigInt(checkpoint.seq) > BigInt(headSeq) ? { kind: 'rows_missing', source, seq: checkpoint.seq, headSeq } : { kind: 'row_missing', source, seq: checkpoint.seq };
  }
  return hashAtSeq === checkpoint.hash ? null : { kind: 'hash_differs', source, seq: checkpoint.seq };
}

const sourceWords: Record<CheckpointSource, { zh: string; en: string }> = {
  database: { zh: '数据库中的', en: 'database' },
  file: { zh: '导出文件中的', en: 'exported' },
};

/** A finding in words, Chinese and English, for the operator's screen. */
export function describeFinding(finding: CheckpointFinding): { zh: string; en: string } {
  const where = sourceWords[finding.source];
  const at = `第 ${finding.seq} 行`;
  switch (finding.kind) {
    case 'bad_signature':
      return { zh: `${where.zh}检查点(${at})签名无效:检查点被改动或伪造`, en: `${where.en} checkpoint at row ${finding.seq}: bad signature (edited or forged)` };
    case 'unknown_key':
      return { zh: `${where.zh}检查点(${at})所用密钥 ${finding.keyId} 不是已登记的审计密钥`, en: `${where.en} checkpoint at row ${finding.seq}: signed with ${finding.keyId}, which is not an audit key on record` };
    case 'rows_missing': {
      const first = String(BigInt(finding.headSeq) + 1n);
      const rows = first === finding.seq ? { zh: `第 ${first} 行`, en: `row ${first} is` } : { zh: `第 ${first}–${finding.seq} 行`, en: `rows ${first}–${finding.seq} are` };
      return {
        zh: `审计日志被截断:${where.zh}检查点记录到第 ${finding.seq} 行,日志现只到第 ${finding.headSeq} 行,${rows.zh}缺失`,
        en: `Audit log TRUNCATED: the ${where.en} checkpoint anchors row ${finding.seq} but the log ends at row ${finding.headSeq}; ${rows.en} missing`,
      };
    }
    case 'row_missing':
      return { zh: `${where.zh}检查点所锚定的${at}已不存在`, en: `row ${finding.seq}, anchored by a ${where.en} checkpoint, is missing` };
    case 'hash_differs':
      return { zh: `${at}的哈希与${where.zh}检查点不符:日志自该行起被改写`, en: `row ${finding.seq} has another hash than its ${where.en} checkpoint: the log was rewritten from there on` };
    case 'missing_from_database':
      return { zh: `导出文件中的检查点(${at})在数据库中已不存在:检查点表被删改或回退`, en: `the exported checkpoint at row ${finding.seq} is missing from the database: the checkpoints were cut or rolled back` };
    case 'differs_from_database':
      return { zh: `导出文件中的检查点(${at})与数据库中的不一致`, en: `the exported checkpoint at row ${finding.seq} differs from the database's` };
  }
}
