/**
 * E-licence identifiers in the form of GB/T 36904-2018 (电子证照标识): the licence type code (an OID
 * under 1.2.156.3005.2), the issuer's unified social credit code, a serial number, a version, and a
 * check character by ISO/IEC 7064 MOD 37,36 (GB/T 17710), separated by dots.
 *
 * The check character is computed over the letters and digits of everything before it, in order;
 * the dots do not count.
 *
 * @example
 * licenceIdentifier({ typeCode: '1.2.156.3005.2.11100000000013338W.001', issuerUscc: '11370982MB0285001K', serial: 1, version: 1 });
 */
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

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

export interface LicenceIdentifierParts {
  /** The licence type's code, e.g. `1.2.156.3005.2.11100000000013338W.001`. */
  typeCode: string;
  issuerUscc: string;
  serial: number;
  version: number;
}

function body(parts: LicenceIdentifierParts): string {
  return `${parts.typeCode}.${parts.issuerUscc}.${String(parts.serial).padStart(8, '0')}.${String(parts.version).padStart(3, '0')}`;
}

export function licenceIdentifier(parts: LicenceIdentifierParts): string {
  const text = body(parts);
  return `${text}.${mod3736CheckChar(text.replace(/[^0-9A-Za-z]/g, ''))}`;
}

/** Whether the last character checks the rest. */
export function isValidLicenceIdentifier(identifier: string): boolean {
  const dot = identifier.lastIndexOf('.');
  if (dot < 0 || identifier.length - dot !== 2) return false;
  try {
    return mod3736CheckChar(identifier.slice(0, dot).replace(/[^0-9A-Za-z]/g, '')) === identifier.slice(dot + 1).toUpperCase();
  } catch {
    return false;
  }
}
