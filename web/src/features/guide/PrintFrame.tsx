/**
 * The frame of a printable guide: an on-screen toolbar (打印 / 返回) that never prints, and one
 * A4 sheet. Sits outside the guide's layout, so no header or navigation reaches the paper.
 */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { GuideStyles } from './styles.tsx';

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
