/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over the alphabet 0-9 A-H J-N P-R T U W X Y
 * (no I, O, Z, S, V):
 *
 * | chars | what                                   | e.g. |
 * |-------|----------------------------------------|------|
 * | 1     | registration authority (登记管理部门)    | 9 工商 (市场监管), 5 民政, 1 机构编制 |
 * | 2     | organisation category (机构类别)         | under 9: 1 企业, 2 个体工商户, 3 农民专业合作社 |
 * | 3-8   | region code of the registering authority (GB/T 2260) | 370982 新泰市 |
 * | 9-17  | 主体标识码: a GB 11714 organisation code, its 9th char its own check character |
 * | 18    | the GB 32100 check character, weights 3^(i-1) mod 31 |
 *
 * @example
 * isValidUscc('914403001922038216'); // true (华为技术有限公司)
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * weights[i]!;
  }
  return alphabet[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/** GB 11714-1997 weights of the eight body characters of an organisation code. */
const organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The check character of a GB 11714 organisation code (组织机构代码) from its first eight
 * characters: digits count as themselves and letters A-Z as 10-35; C9 = 11 − (Σ Ci·Wi mod 11),
 * written 'X' for 10 and '0' for 11.
 *
 * @example
 * organisationCodeCheckChar('19220382'); // '1' (192203821, in 914403001922038216)
 */
export function organisationCodeCheckChar(first8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(first8[i]!, 36) * organisationWeights[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function isValidOrganisationCode(code: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(code) && organisationCodeCheckChar(code.slice(0, 8)) === code[8];
}

/** The registration authority and category of a USCC (its first two characters), as GB 32100 表 1 lists them. */
export const usccKinds = {
  government: { authority: '1', category: '1', zh: '机关' },
  company: { authority: '9', category: '1', zh: '企业' },
  individualBusiness: { authority: '9', category: '2', zh: '个体工商户' },
  socialOrganisation: { authority: '5', category: '1', zh: '社会团体' },
  privateNonEnterprise: { authority: '5', category: '2', zh: '民办非企业单位' },
} as const;
export type UsccKind = keyof typeof usccKinds;

/**
 * A USCC from its parts, with both check characters computed: that of the organisation code
 * (GB 11714) and the final one (GB 32100).
 *
 * @param organisationBody the first eight characters of the 主体标识码 (its check character is added)
 * @example
 * composeUscc('company', '440300', '19220382'); // '914403001922038216'
 */
export function composeUscc(kind: UsccKind, regionCode: string, organisationBody: string): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  if (!/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(organisationBody)) throw new RangeError(`organisation code body must be 8 characters of the GB 32100 alphabet: ${organisationBody}`);
  const { authority, category } = usccKinds[kind];
  const first17 = `${authority}${category}${regionCode}${organisationBody}${organisationCodeCheckChar(organisationBody)!}`;
  return first17 + usccCheckChar(first17)!;
}

/**
 * A new USCC as a registration authority assigns one on approval (登记机关核准): the 主体标识码 of
 * a newly registered subject has the form `MA` + six characters (as codes assigned since 2015
 * read), drawn with `randomIndex` (give it crypto randomness; the caller checks uniqueness against
 * the codes already held and draws again on a clash).
 *
 * @param randomIndex returns an integer in [0, n)
 */
export function newUscc(kind: UsccKind, regionCode: string, randomIndex: (n: number) => number): string {
  let body = 'MA';
  for (let i = 0; i < 6; i++) body += alphabet[randomIndex(alphabet.length)]!;
  return composeUscc(kind, regionCode, body);
}
