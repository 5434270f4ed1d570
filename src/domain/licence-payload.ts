/**
 * What an e-licence's SM2 signature covers: one canonical JSON text of the licence's public facts,
 * built the same way at issuance and at verification, so that a single changed character anywhere
 * breaks the signature.
 *
 * Canonical form: an object of exactly the fields of {@link LicencePayloadFields}, keys sorted by
 * code unit, no whitespace, strings as JSON.stringify writes them, missing values as `null`.
 *
 * Licence type codes (the first part of a GB/T 36904 identifier) are OIDs under the e-licence arc
 * 1.2.156.3005.2. Without a national register of type codes at hand, a type's code is derived from
 * its name: `1.2.156.3005.2.<n>`, where n = 10000 + (the first 32 bits of SM3(UTF-8 of the NFC,
 * trimmed name)) mod 90000, so always five digits, the same everywhere and forever for a name. Two
 * names may share a code (about 1 % odds among 40 types); identifiers stay unique all the same,
 * because serial numbers are counted per (issuer, type code).
 *
 * @example
 * licenceTypeCode('食品经营许可证'); // '1.2.156.3005.2.<5 digits>'
 * canonicalLicencePayload({ identifier, licenceType: '食品经营许可证', holderName: '陈建红', ... });
 */
import { createHash } from 'node:crypto';
import { licenceIdentifier } from './licence-id.ts';

/**
 * UTF-8 bytes of a text. Everything is hashed and signed as UTF-8 bytes (names may use CJK
 * Extension B, beyond the BMP).
 */
export function utf8Bytes(text: string): number[] {
  return Array.from(new TextEncoder().encode(text));
}

export const licenceTypeArc = '1.2.156.3005.2';

export interface LicencePayloadFields {
  /** The GB/T 36904 identifier, which is also the licence number. */
  identifier: string;
  licenceType: string;
  holderName: string;
  /** The holder's masked resident ID (region code and last four) or unified social credit code. */
  holderRef: string;
  /** The issuing authority's name. */
  issuer: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, or null for a licence without an end date. */
  validUntil: string | null;
  /** The case that issued it, or null for one issued outside a case. */
  caseNo: string | null;
}

const payloadKeys = ['caseNo', 'holderName', 'holderRef', 'identifier', 'issuedOn', 'issuer', 'licenceType', 'validUntil'] as const satisfies readonly (keyof LicencePayloadFields)[];

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
    const nullable = key === 'validUntil' || key === 'caseNo';
    if (!(typeof field === 'string' || (nullable && field === null))) return undefined;
  }
  return record as unknown as LicencePayloadFields;
}

/** The OID-like type code of a licence type, derived from its name (see the module comment). */
export function licenceTypeCode(licenceType: string): string {
  const name = licenceType.normalize('NFC').trim();
  if (!name) throw new RangeError('A licence type needs a name');
  const digest = createHash('sm3').update(name, 'utf8').digest('hex');
  const n = 10000 + (Number.parseInt(digest.slice(0, 8), 16) % 90000);
  return `${licenceTypeArc}.${n}`;
}

/** The identifier of an issued licence: its type's code, the issuer, an 8-digit serial, a version, the check character. */
export function issuedLicenceIdentifier(parts: { licenceType: string; issuerUscc: string; serial: number; version?: number }): string {
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > 99_999_999) throw new RangeError(`serial out of range: ${parts.serial}`);
  const version = parts.version ?? 1;
  if (!Number.isInteger(version) || version < 1 || version > 999) throw new RangeError(`version out of range: ${version}`);
  return licenceIdentifier({ typeCode: licenceTypeCode(parts.licenceType), issuerUscc: parts.issuerUscc, serial: parts.serial, version });
}
