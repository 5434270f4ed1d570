/**
 * The SM2 keys that sign e-licences: one per issuing body (the issuer's USCC), private key sealed
 * with the data key, public key published at `/api/licences/keys` with its validity.
 *
 * - A key is made on its issuer's first issue, or by `onewindow keys rotate --issuer <USCC>`.
 * - Rotation retires the current key (it signs nothing after) and makes a new one with a new id;
 *   licences signed with the old key keep verifying with it.
 * - `onewindow keys compromise <keyId> --since <time>` marks a key compromised: licences it signed
 *   at or after that time verify as `key_compromised`, earlier ones stay valid; the key is retired.
 *
 * Every change is one transaction with its audit row (performWrite).
 */
import { AppError } from '../domain/errors.ts';
import { publicKeyToPem, sm2, sm3 } from '../domain/sm2.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { LicenceKey } from '../repositories/licence.repository.ts';
import type { Clock } from './actor.ts';
import type { IdProtector } from './id-protection.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof LicenceKeyService.repositories)[number];

export const signingAlgorithm = 'SM2withSM3';

/** `sm2-` and the first 16 hex digits of SM3 over the public key's bytes. */
export function signingKeyId(publicKey: string): string {
  return `sm2-${sm3(Buffer.from(publicKey, 'hex')).toString('hex').slice(0, 16)}`;
}

/** Where a key's PEM is published, relative to the site. */
export function keyUrl(keyId: string): string {
  return `/api/licences/keys/${keyId}.pem`;
}

/** A key as the public (and the operator) see it: never the private key. */
export interface PublishedKey {
  keyId: string;
  issuerName: string;
  /** Null only for the key shared by all issuers before keys per issuer (retired). */
  issuerUscc: string | null;
  algorithm: string;
  /** SubjectPublicKeyInfo PEM, SM2 curve (1.2.156.10197.1.301). */
  publicKeyPem: string;
  pemUrl: string;
  validFrom: Date;
  retiredAt: Date | null;
  compromisedSince: Date | null;
  compromisedReason: string;
}

export function publishedKey(key: LicenceKey): PublishedKey {
  return {
    keyId: key.id,
    issuerName: key.issuerName,
    issuerUscc: key.issuerUscc,
    algorithm: key.algorithm,
    publicKeyPem: publicKeyToPem(key.publicKey),
    pemUrl: keyUrl(key.id),
    validFrom: key.validFrom,
    retiredAt: key.retiredAt,
    compromisedSince: key.compromisedSince,
    compromisedReason: key.compromisedReason,
  };
}

const keyWord = { zh: '签名密钥', en: 'signing key' };

/**
 * The key that signs for an issuer now, made (sealed with the data key) if it has none. Runs in the
 * caller's transaction; concurrent first issues of one issuer wait on one lock and agree on one key.
 */
export async function issuerSigningKey(repos: Pick<Repositories, Uses>, ids: IdProtector, issuer: { uscc: string; name: string }, at: Date): Promise<LicenceKey> {
  const existing = await repos.licences.findActiveKey(issuer.uscc);
  if (existing) return existing;
  await repos.licences.lockIssuerKeys(issuer.uscc);
  const committed = await repos.licences.findActiveKey(issuer.uscc);
  if (committed) return committed;
  return createKey(repos, ids, issuer, at);
}

async function createKey(repos: Pick<Repositories, Uses>, ids: IdProtector, issuer: { uscc: string; name: string }, at: Date): Promise<LicenceKey> {
  const pair = sm2.generateKeyPair();
  const id = signingKeyId(pair.publicKey);
  await repos.licences.insertKey({ id, algorithm: signingAlgorithm, publicKey: pair.publicKey, privateKeySealed: ids.seal(pair.privateKey), issuerUscc: issuer.uscc, issuerName: issuer.name, at });
  return (await repos.licences.findKey(id))!;
}

export class LicenceKeyService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['licences', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;

  /** Told after a key changed (rotated, compromised): the e-licence service drops what it verified. */
  private readonly keysChanged: () => void;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector; keysChanged?: () => void }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    this.keysChanged = options.keysChanged ?? (() => undefined);
  }

  /** Every e-licence key, oldest first, as published. */
  async list(): Promise<PublishedKey[]> {
    return (await this.uow.read.licences.listKeys()).map(publishedKey);
  }

  /** One key by id; undefined if there is none (or it is not an e-licence key). */
  async find(keyId: string): Promise<PublishedKey | undefined> {
    if (!/^sm2-[0-9a-f]{16}$/.test(keyId)) return undefined;
    const key = await this.uow.read.licences.findKey(keyId);
    return key && publishedKey(key);
  }

  /**
   * Retires the issuer's current key and makes a new one. The issuer's name comes from its current
   * key or from the department with that USCC. Returns the new key and the retired one's id.
   */
  async rotate(options: WriteOptions, issuerUscc: string): Promise<{ key: PublishedKey; retiredKeyId: string | null }> {
    const uscc = issuerUscc.trim().toUpperCase();
    if (!isValidUscc(uscc)) throw new AppError('VALIDATION_FAILED', { zh: '发证机关的统一社会信用代码无效', en: "The issuer's unified social credit code is invalid" });
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      await repos.licences.lockIssuerKeys(uscc);
      const current = await repos.licences.findActiveKey(uscc);
      const department = (await repos.org.listDepartments()).find((d) => d.uscc === uscc);
      const name = department?.name ?? current?.issuerName ?? (await repos.licences.listKeys()).findLast((k) => k.issuerUscc === uscc)?.issuerName;
      if (name === undefined) {
        throw new AppError('NOT_FOUND', { zh: `没有统一社会信用代码为 ${uscc} 的发证机关`, en: `No issuing body has the USCC ${uscc}` });
      }
      // A key still retired but not compromised also stops here: rotation retires whatever signs now.
      if (current) await repos.licences.retireKey(current.id, now);
      const key = await createKey(repos, this.ids, { uscc, name }, now);
      await record({
        action: 'licence_key.rotated',
        entityType: 'signing_key',
        entityId: key.id,
        payload: { issuerUscc: uscc, keyId: key.id, retiredKeyId: current?.id ?? null },
        scope: department ? { regionPath: department.regionPath, departmentId: department.id } : null,
      });
      return { key: publishedKey(key), retiredKeyId: current?.id ?? null };
    }).finally(this.keysChanged); // at once here; other processes hear the trigger's notification
  }

  /**
   * Marks a key compromised from `since`: what it signed at or after reads `key_compromised`. The
   * key is retired too; its issuer's next licence gets a new key.
   */
  async compromise(options: WriteOptions, keyId: string, since: Date, reason: string): Promise<PublishedKey> {
    const why = reason.trim();
    if (!why) throw new AppError('VALIDATION_FAILED', { zh: '请填写密钥泄露的原因', en: 'Give the reason the key is compromised' });
    if (Number.isNaN(since.getTime())) throw new AppError('VALIDATION_FAILED', { zh: '泄露起始时间无效', en: 'The compromise time is invalid' });
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const key = await repos.licences.findKey(keyId);
      if (!key) throw new AppError('NOT_FOUND', { zh: `${keyWord.zh}不存在:${keyId}`, en: `No such ${keyWord.en}: ${keyId}` });
      if (key.issuerUscc) await repos.licences.lockIssuerKeys(key.issuerUscc);
      await repos.licences.markCompromised(key.id, since, why, now);
      const updated = (await repos.licences.findKey(key.id))!;
      const department = key.issuerUscc ? (await repos.org.listDepartments()).find((d) => d.uscc === key.issuerUscc) : undefined;
      await record({
        action: 'licence_key.compromised',
        entityType: 'signing_key',
        entityId: key.id,
        payload: { keyId: key.id, issuerUscc: key.issuerUscc, since: updated.compromisedSince!.toISOString(), reason: updated.compromisedReason },
        scope: department ? { regionPath: department.regionPath, departmentId: department.id } : null,
      });
      return publishedKey(updated);
    }).finally(this.keysChanged); // at once here; other processes hear the trigger's notification
  }
}
