/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over the alphabet 0-9 A-H J-N P-R T U W X Y
 * (no I, O, Z, S, V); the last is a check character with weights 3^(i-1) mod 31.
 *
 * @example
 * isValidUscc('91350100M000100Y43'); // true
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
