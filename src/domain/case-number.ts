/**
 * Case numbers (办件编号): the region code of the accepting center, the date of intake and a
 * sequence per region and day, e.g. `370982` + `20261123` + `000042`. Sequences come from the
 * database (one counter row per region and day), so many windows taking cases at once never share one.
 */
export function formatCaseNumber(regionCode: string, day: string, sequence: number): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(regionCode)) throw new RangeError(`region code: ${regionCode}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`day: ${day}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`sequence: ${sequence}`);
  return `${regionCode}${day.replaceAll('-', '')}${String(sequence).padStart(6, '0')}`;
}

export function parseCaseNumber(caseNo: string): { regionCode: string; day: string; sequence: number } | undefined {
  const match = /^(\d{6}|\d{9}|\d{12})(\d{4})(\d{2})(\d{2})(\d{6})$/.exec(caseNo);
  if (!match) return undefined;
  return { regionCode: match[1]!, day: `${match[2]}-${match[3]}-${match[4]}`, sequence: Number(match[5]) };
}
