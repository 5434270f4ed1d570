/**
 * The frame of a printable guide: an on-screen toolbar (打印 / 返回) that never prints, and one
 * A4 sheet. Sits outside the guide's layout, so no header or navigation reaches the paper.
 */
import type { ReactNode } from 'react';
import type { MaterialRequirement } from '../../../../src/domain/catalog.ts';
import { Button } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { GuideStyles } from './styles.tsx';
import { copiesText, deferralText, heldSourceText, licenceLibraryText } from './parts.tsx';
import { fromLicenceLibrary } from './model.ts';

export function PrintFrame({ backTo, children }: { backTo: string; children: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // Opened from the guide: go back there (keeping its 情形 and scroll); opened from a link: go to the guide.
  const onBack = () => (location.key === 'default' ? navigate(backTo) : navigate(-1));
  return (
    <>
      <GuideStyles />
      <div className="gd-print-toolbar gd-no-print" role="toolbar" aria-label={t('guide.print.toolbar')}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('guide.print.print')}
        </Button>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('guide.print.back')}
        </Button>
        <LanguageSwitch />
        <span className="gd-print-toolbar-hint">{t('guide.print.hint')}</span>
      </div>
      <article className="gd-sheet">{children}</article>
    </>
  );
}

/** `☐` before each thing to bring, so the sheet doubles as a checklist at home. */
export function Box() {
  return (
    <span className="gd-box" aria-hidden>
      ☐
    </span>
  );
}

/**
 * The printed checklist: what to bring, with a box to tick, and one line naming what the government
 * already holds. `detail` adds a line under a material's name (its scenarios, or the items needing it).
 */
export function PrintChecklist<M extends MaterialRequirement>({ toBring, held, detail }: { toBring: readonly M[]; held: readonly M[]; detail: (material: M) => ReactNode }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <h2>{t('guide.print.checklist', { count: toBring.length })}</h2>
      <table>
        <thead>
          <tr>
            <th style={{ width: '1.6em' }} aria-label={t('guide.print.tick')} />
            <th>{t('guide.material.name')}</th>
            <th>{t('guide.material.requirement')}</th>
            <th>{t('guide.material.count')}</th>
            <th>{t('guide.material.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {toBring.map((m) => {
            const deferral = deferralText(i18n, m);
            return (
              <tr key={m.key}>
                <td>
                  <Box />
                </td>
                <td>
                  {m.name}
                  {detail(m)}
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {m.required ? t('guide.material.required') : t('guide.material.optional')}
                  {deferral ? <div className="gd-small">{deferral}</div> : null}
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>{copiesText(i18n, m)}</td>
                <td className="gd-small">
                  {fromLicenceLibrary(m) ? <div>{licenceLibraryText(i18n, m)}</div> : null}
                  {m.notes}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {held.length > 0 ? (
        <p className="gd-small" style={{ marginTop: 3 }}>
          <strong>{t('guide.print.held', { count: held.length })}</strong>
          {held.map((m) => `${m.name}(${heldSourceText(i18n, m)})`).join(i18n.locale === 'zh' ? ';' : '; ')}
        </p>
      ) : null}
    </>
  );
}
