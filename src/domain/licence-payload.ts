/**
 * What an e-licence's SM2 signature covers: one canonical JSON text of the licence's public facts,
 * built the same way at issuance and at verification, so that a single changed character anywhere
 * breaks the signature.
 *
 * Canonical form: an object of exactly the fields of {@link LicencePayloadFields}, keys sorted by
 * code unit, no whitespace, strings as JSON.stringify writes them, missing values as `null`.
 *
 * The licence type code, issuer USCC, serial and version are in the identifier already; the type
 * code, issuer USCC and version are signed as fields too, so that a reader of the payload alone
 * (a bank, a court) need not take the identifier apart, and `replaces` names the version a change
 * (变更) replaced. Payloads signed before these fields existed (issue 11) are not read: their
 * identifiers carried a check character over the root, so they do not verify as identifiers either.
 *
 * @example
 * canonicalLicencePayload({ identifier, licenceType: '食品经营许可证', licenceTypeCode: '11100000MB0143028R017', holderName: '新泰市鲁味轩餐饮有限公司', ... });
 */
import { licenceIdentifier } from './licence-id.ts';

/**
 * UTF-8 bytes of a text. Everything is hashed and signed as UTF-8 bytes (names may use CJK
 * Extension B, beyond the BMP).
 */
export function utf8Bytes(text: string): number[] {
  return Array.from(new TextEncoder().encode(text));
}

export interface LicencePayloadFields {
  /** The GB/T 36904 identifier, which is also the licence number. */
  identifier: string;
  licenceType: string;
  /** The licence type's code: the defining authority's USCC and a 3-digit type number. */
  licenceTypeCode: string;
  /** The holder's name: the organisation's for an organisation's licence. */
  holderName: string;
  /** The holder's masked resident ID (region code and last four) or unified social credit code. */
  holderRef: string;
  /** The issuing authority's name. */
  issuer: string;
  /** The issuing authority's unified social credit code. */
  issuerUscc: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, or null for a licence without an end date (长期). */
  validUntil: string | null;
  /** The case that issued it, or null for one issued outside a case. */
  caseNo: string | null;
  /** 1 for a first issue, +1 for each change. */
  version: number;
  /** The identifier of the version this one replaces, or null. */
  replaces: string | null;
}

const payloadKeys = ['caseNo', 'holderName', 'holderRef', 'identifier', 'issuedOn', 'issuer', 'issuerUscc', 'licenceType', 'licenceTypeCode', 'replaces', 'validUntil', 'version'] as const satisfies readonly (keyof LicencePayloadFields)[];
const nullableKeys: ReadonlySet<string> = new Set(['validUntil', 'caseNo', 'replaces']);

/** The exact text that is signed. Extra properties of `fields` are ignored. */
export function canonicalLicencePayload(fields: LicencePayloadFields): string {
  return `{${payloadKeys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(fields[key] ?? null)}`).join(',')}}`;
}

/** Reads a signed payload back; undefined when it is not a payload of this shape. */
export function parseLicencePayload(text: string): LicencePayloadFields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.keys(record).length !== payloadKeys.length) return undefined;
  for (const key of payloadKeys) {
    const field = record[key];
    if (key === 'version') {
      if (!(Number.isInteger(field) && (field as number) >= 1 && (field as number) <= 999)) return undefined;
      continue;
    }
    if (!(typeof field === 'string' || (nullableKeys.has(key) && field === null))) return undefined;
  }
  return record as unknown as LicencePayloadFields;
}

/** The identifier of an issued licence: its type's code, the issuer, the serial, a version, the check character. */
export function issuedLicenceIdentifier(parts: { licenceTypeCode: string; issuerUscc: string; serial: string; version?: number }): string {
  return licenceIdentifier({ typeCode: parts.licenceTypeCode, issuerUscc: parts.issuerUscc, serial: parts.serial, version: parts.version ?? 1 });
}

/**
 * The last day of a licence valid `years` years from `issuedOn`: the same date `years` later,
 * less one day (issued 2026-11-23 for 5 years: valid until 2031-11-22), as licences print their
 * 有效期 (自…至…). A licence issued on 29 February runs to 28 February. null years: 长期, no end.
 */
export function validUntilFor(issuedOn: string, years: number | null): string | null {
  if (years === null) return null;
  if (!Number.isInteger(years) || years < 1 || years > 100) throw new RangeError(`validity out of range: ${years}`);
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // Date.UTC rolls 29 February of a common year over to 1 March; one day less is 28 February.
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** What a verification can answer: valid (`ok`), or why not. */
export const verificationReasons = ['ok', 'not_found', 'bad_signature', 'tampered', 'revoked', 'expired', 'superseded', 'key_compromised'] as const;
export type VerificationReason = (typeof verificationReasons)[number];
