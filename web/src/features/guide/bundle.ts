/** Words about a bundle's merged materials, shared by its page and its print view. */
import type { MergedMaterial } from '../../../../src/domain/bundle.ts';
import type { BundleView } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';

/**
 * Which members need a merged material, each with the 情形 it is limited to:
 * `用于:出生医学证明签发(仅首次签发)、出生登记`.
 */
export function neededByText(i18n: I18n, view: BundleView, material: MergedMaterial): string {
  const members = new Map(view.members.map((m) => [m.implementationCode, m.content]));
  const sep = i18n.locale === 'zh' ? '、' : ', ';
  const names = material.neededBy.map((code) => {
    const member = members.get(code);
    const name = member?.name ?? code;
    const scenarios = material.scenariosByItem[code];
    if (!scenarios || scenarios.length === 0) return name;
    const scenarioNames = new Map(member?.scenarios.map((s) => [s.code, s.name]) ?? []);
    return i18n.t('guide.bundle.onlyScenario', { item: name, names: scenarios.map((s) => scenarioNames.get(s) ?? s).join(sep) });
  });
  return i18n.t('guide.bundle.neededBy', { names: names.join(sep) });
}
