/**
 * `/cases/:id/print/:kind`: one notice of a case — or its 送达回证 (`receipt`), once there is a
 * result to hand over — on an A4 sheet, outside the app's frame so nothing
 * but the sheet reaches the paper. The toolbar (打印 / 返回) is on screen only. Staff only: the
 * server decides whether the signed-in user may see the case.
 */
import { useEffect, type ReactNode } from 'react';
import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { guideApi, type BundleView, type Center, type ItemVersion } from '../../api.ts';
import type { MaterialRequirement } from '../../../../src/domain/catalog.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { caseApi, hasResultToDeliver, isNoticeKind, latestNotice, receiptKind, type CaseView, type NoticeKind } from './model.ts';
import { noticeComponents, noticeTitles, ServiceReceipt } from './notices.tsx';
import { DocumentStyles } from './styles.tsx';

/** The body that issues a notice: the service center where the case was received (or the nearest above it); a refusal is the department's decision. */
function issuingBody(caseView: CaseView, kind: NoticeKind | typeof receiptKind, centers: readonly Center[] | undefined): string {
  if (kind === 'refusal') return caseView.departmentName;
  const candidates = (centers ?? []).filter((c) => caseView.regionCode.startsWith(c.regionCode)).sort((a, b) => b.regionCode.length - a.regionCode.length);
  return candidates[0]?.name ?? caseView.departmentName;
}

function useSheetTitle(title: string | undefined) {
  // After the language provider's own effect, which sets the app's title on every switch.
  useEffect(() => {
    if (!title) return;
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = title;
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [title]);
}

export default function CasePrintPage() {
  const { t } = useI18n();
  const { id = '', kind = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const validKind = isNoticeKind(kind) ? kind : null;
  const receipt = kind === receiptKind;
  const record = useResource<CaseView>(validKind || receipt ? caseApi.casePath(id) : null);
  const centers = useResource<Center[]>(validKind || receipt ? '/api/centers' : null);
  const { reload } = record;
  const caseLoaded = record.data?.id === id ? record.data : undefined;
  // The one correction notice says what each missing material must be: the catalog knows.
  const needsCatalog = (validKind === 'correction' || receipt) && caseLoaded !== undefined;
  const item = useResource<ItemVersion>(needsCatalog && !caseLoaded.bundleCode ? guideApi.itemPath(caseLoaded.itemCode) : null);
  const bundle = useResource<BundleView>(needsCatalog && caseLoaded.bundleCode ? guideApi.bundlePath(caseLoaded.bundleCode) : null);
  const materials: readonly MaterialRequirement[] | undefined = item.data?.content.materials ?? bundle.data?.merged.materials;
  const requirements = materials ? new Map(materials.map((m) => [m.key, m])) : undefined;

  // A notice is printed right after the decision: never print from an older cached copy.
  useEffect(() => {
    void reload();
  }, [reload]);

  const caseView = caseLoaded;
  const notice = caseView && validKind ? latestNotice(caseView.notices, validKind) : undefined;
  useSheetTitle(caseView && (validKind || receipt) ? `${validKind ? noticeTitles[validKind] : t('documents.title.receipt')} ${caseView.caseNo}` : undefined);
  const printable = receipt ? caseView !== undefined && hasResultToDeliver(caseView) : Boolean(notice);

  const onBack = () => (location.key === 'default' ? navigate(`/cases/${encodeURIComponent(id)}`) : navigate(-1));

  let body: ReactNode;
  if (receipt && caseView) {
    body = hasResultToDeliver(caseView) ? (
      <ServiceReceipt caseView={caseView} organ={issuingBody(caseView, receiptKind, centers.data)} resultName={item.data?.content.resultName} />
    ) : (
      <Alert className="od-message" type="warning" showIcon title={t('documents.print.receiptNotReady')} action={<Link to={`/cases/${encodeURIComponent(id)}`}>{t('documents.print.openCase')}</Link>} data-testid="notice-missing-kind" />
    );
  } else if (!validKind && !receipt) {
    body = <Alert className="od-message" type="warning" showIcon title={t('documents.print.unknownKind')} />;
  } else if (record.error && !caseView) {
    body = (
      <div className="od-message">
        <LoadError error={record.error} onRetry={() => void reload()} />
      </div>
    );
  } else if (!caseView || !validKind) {
    body = (
      <div className="od-sheet">
        <Skeleton active paragraph={{ rows: 14 }} />
      </div>
    );
  } else if (!notice) {
    body = (
      <Alert
        className="od-message"
        type="warning"
        showIcon
        title={t('documents.print.noNotice', { title: t(`documents.title.${validKind}`) })}
        description={t('documents.print.noNoticeDetail')}
        action={<Link to={`/cases/${encodeURIComponent(id)}`}>{t('documents.print.openCase')}</Link>}
        data-testid="notice-missing-kind"
      />
    );
  } else {
    const Notice = noticeComponents[validKind];
    body = <Notice caseView={caseView} notice={notice} organ={issuingBody(caseView, validKind, centers.data)} requirements={requirements} />;
  }

  return (
    <div className="od-screen">
      <DocumentStyles />
      <div className="od-toolbar od-no-print" role="toolbar" aria-label={t('documents.print.toolbar')}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!printable} data-testid="print-button">
          {t('documents.print.print')}
        </Button>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('documents.print.back')}
        </Button>
        <LanguageSwitch />
        <span className="od-toolbar-hint">{t('documents.print.hint')}</span>
      </div>
      {body}
    </div>
  );
}
