/**
 * Demo catalog for 新泰市 (370982, 山东省泰安市): the items, 一件事 bundles and licence types a
 * county-level 政务服务中心 publishes in its 事项清单. The data is in `demo-data/*.json`, in the
 * shapes the catalog API takes (see demo-data/README.md); this module reads it once and refuses
 * bad data with the file, the entry and every problem, so a typo fails at start, not mid-load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { checkItemContent, checkLicenceType, type BundleContent, type ContentProblem, type LicenceType, type ServiceItemContent } from '../domain/catalog.ts';
import { bundleContentSchema, itemContentSchema, licenceTypeSchema } from '../http/contracts/catalog.ts';

export const demoDataDir = join(import.meta.dirname, 'demo-data');

export interface DemoCatalog {
  licenceTypes: LicenceType[];
  items: ServiceItemContent[];
  bundles: BundleContent[];
}

/**
 * Reads `licence-types.json`, `items.json` and `bundles.json` from `dir`: each an array whose
 * entries pass the API's zod shape, then the catalog's own rules (`checkLicenceType`,
 * `checkItemContent`, as the import and the editor apply them).
 * @throws Error naming the file and each bad entry, e.g.
 *   `demo-data/items.json: #3 最低生活保障 (370982-…): materials.2.licenceType: 来源为证照库的材料须写明证照类型… / A licence-sourced material names its licence type…`
 */
export function loadDemoCatalog(dir: string = demoDataDir): DemoCatalog {
  return {
    licenceTypes: readEntries(join(dir, 'licence-types.json'), licenceTypeSchema, checkLicenceType, (t) => t.name),
    items: readEntries(join(dir, 'items.json'), itemContentSchema, checkItemContent, (i) => `${i.name} (${i.implementationCode})`),
    bundles: readEntries(
      join(dir, 'bundles.json'),
      bundleContentSchema,
      () => [],
      (b) => `${b.name} (${b.code})`,
    ),
  };
}

function readEntries<S extends z.ZodType>(file: string, schema: S, check: (entry: z.output<S>) => ContentProblem[], label: (entry: z.output<S>) => string): z.output<S>[] {
  const where = join('demo-data', file.split(/[\\/]/).at(-1)!);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(data)) throw new Error(`${where}: expected an array of entries`);
  const entries: z.output<S>[] = [];
  const faults: string[] = [];
  data.forEach((raw: unknown, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const name = [fields.name, fields.implementationCode ?? fields.code]
        .filter((v) => v !== undefined)
        .map(String)
        .join(' ');
      faults.push(`#${index} ${name || '(unnamed)'}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ')}`);
      return;
    }
    const problems = check(parsed.data);
    if (problems.length > 0) faults.push(`#${index} ${label(parsed.data)}: ${problems.map((p) => `${p.field}: ${p.zh} / ${p.en}`).join('; ')}`);
    entries.push(parsed.data);
  });
  if (faults.length > 0) throw new Error(`${where}: ${faults.length} bad ${faults.length === 1 ? 'entry' : 'entries'}\n  ${faults.join('\n  ')}`);
  return entries;
}

const demoCatalog = loadDemoCatalog();
export const demoLicenceTypes: LicenceType[] = demoCatalog.licenceTypes;
export const demoItems: ServiceItemContent[] = demoCatalog.items;
export const demoBundles: BundleContent[] = demoCatalog.bundles;
