/**
 * E-licence identifiers (电子证照标识) as the national catalogue's standards (GB/T 36904-2018 and the
 * 全国一体化政务服务平台 电子证照 licence standards, appendix A) write them and real issuers issue them:
 *
 *   1.2.156.3005.2.<licence type code>.<issuer USCC>.<serial>.<version, 3 digits>.<check character>
 *
 * - licence type code: the defining authority's unified social credit code (18) followed by a
 *   3-digit type number, no dot between (`11100000000013338W011`);
 * - issuer USCC: the issuing authority's code (18);
 * - serial: the issuer's number for the licence, unchanged across versions;
 * - version: 001 for the first issue, +1 for each change (变更) of the same licence;
 * - check character: ISO/IEC 7064 MOD 37,36 over the characters AFTER the root `1.2.156.3005.2.`,
 *   dots left out. Every real identifier checked so far computes it this way (see the test); none
 *   includes the root.
 *
 * @example
 * licenceIdentifier({ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '20230000403', version: 2 });
 * // '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S'
 */
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

/** The OID arc of e-licences: everything an identifier says comes after it. */
export const licenceRoot = '1.2.156.3005.2';

/** ISO/IEC 7064 hybrid system MOD 37,36 over 0-9A-Z; throws on any other character. */
export function mod3736CheckChar(text: string): string {
  let p = M;
  for (const char of text.toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new RangeError(`not in 0-9A-Z: ${char}`);
    let s = (p + value) % M;
    if (s === 0) s = M;
    p = (s * 2) % (M + 1);
  }
  return alphabet[(M + 1 - p) % M]!;
}

/** A licence type code: a USCC (18 characters of GB 32100's alphabet) and a 3-digit type number. */
export const licenceTypeCodePattern = /^[0-9A-HJ-NPQRTUWXY]{18}\d{3}$/;
/** A serial: 1 to 32 letters or digits (real ones: `20230000403`, `2430599`, `000000016`). */
const serialPattern = /^[0-9A-Z]{1,32}$/;

export interface LicenceIdentifierParts {
  /** The licence type's code, e.g. `11100000000013338W011`. */
  typeCode: string;
  issuerUscc: string;
  serial: string;
  /** 1 to 999. */
  version: number;
}

/** The check character of an identifier without its check character (root included or not). */
function checkCharOf(withoutCheck: string): string {
  const rest = withoutCheck.startsWith(`${licenceRoot}.`) ? withoutCheck.slice(licenceRoot.length + 1) : withoutCheck;
  return mod3736CheckChar(rest.replaceAll('.', ''));
}

export function licenceIdentifier(parts: LicenceIdentifierParts): string {
  const typeCode = parts.typeCode.toUpperCase();
  const serial = parts.serial.toUpperCase();
  if (!licenceTypeCodePattern.test(typeCode)) throw new RangeError(`not a licence type code: ${parts.typeCode}`);
  if (!/^[0-9A-Z]{18}$/.test(parts.issuerUscc)) throw new RangeError(`not a USCC: ${parts.issuerUscc}`);
  if (!serialPattern.test(serial)) throw new RangeError(`not a serial: ${parts.serial}`);
  if (!Number.isInteger(parts.version) || parts.version < 1 || parts.version > 999) throw new RangeError(`version out of range: ${parts.version}`);
  const text = `${licenceRoot}.${typeCode}.${parts.issuerUscc}.${serial}.${String(parts.version).padStart(3, '0')}`;
  return `${text}.${checkCharOf(text)}`;
}

/** Whether the last character checks the rest (MOD 37,36 over what follows the root, dots left out). */
export function isValidLicenceIdentifier(identifier: string): boolean {
  const text = identifier.toUpperCase();
  if (!text.startsWith(`${licenceRoot}.`)) return false;
  const dot = text.lastIndexOf('.');
  if (text.length - dot !== 2) return false;
  try {
    return checkCharOf(text.slice(0, dot)) === text.slice(dot + 1);
  } catch {
    return false;
  }
}

/**
 * The parts of an identifier this platform issues (type code, issuer USCC, serial, version);
 * undefined for anything else, including real identifiers of other forms (a region code for the
 * issuer, as some cities use).
 */
export function parseLicenceIdentifier(identifier: string): LicenceIdentifierParts | undefined {
  if (!isValidLicenceIdentifier(identifier)) return undefined;
  const parts = identifier
    .toUpperCase()
    .slice(licenceRoot.length + 1)
    .split('.');
  if (parts.length !== 5) return undefined;
  const [typeCode, issuerUscc, serial, version] = parts as [string, string, string, string, string];
  if (!licenceTypeCodePattern.test(typeCode) || !/^[0-9A-Z]{18}$/.test(issuerUscc) || !serialPattern.test(serial) || !/^\d{3}$/.test(version) || version === '000') return undefined;
  return { typeCode, issuerUscc, serial, version: Number(version) };
}
