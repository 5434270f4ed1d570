/**
 * One case, everything about it, and what this user may do with it now, in the order a reviewer
 * reads it: the header (number, item, applicant, status, outcome, time limit and warning, pause,
 * visits) and the case buttons, then the application form under its labels, the materials with
 * what the item asks of them, the review stages with their task buttons beside the timeline, a bundle's child cases, e-licences, notices to print, the
 * visit ledger and the timeline. After any action the view the server returns is shown; a failure
 * is shown above the sections, and a conflict (409: the case moved on) also reloads the case.
 * Used by the case page and the issuance window.
 *
 * @example
 * <CaseDetail caseId={id} onChanged={(view) => refreshList()} />
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import { ReloadOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError, FullPageSpin } from '../../shared/states.tsx';
import { LicencePdfButton } from '../verify/LicencePdfButton.tsx';
import { QrImage } from '../../shared/QrImage.tsx';
import { licenceVerifyUrl, verifyPagePath } from '../verify/model.ts';
import { CaseActionBar, barActions } from './CaseActionBar.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { caseKindLabels, channelLabel, deliveryMethodLabels, noticeKindLabels, recipientLabels, verdictLabels, visitCauseLabels, visitReasonLabels } from './labels.ts';
import { ApplicationForm } from './ApplicationForm.tsx';
import { useItemDefinition } from './itemDefinition.ts';
import { MaterialsSection } from './MaterialsSection.tsx';
import { casePath, casesApi, printPath, type CaseSummary, type CaseView, type CaseVisit, type VisitCause } from './model.ts';
import { QueryPasswordReset } from './QueryPasswordReset.tsx';
import { hasResultToDeliver, receiptKind } from '../documents/model.ts';
import { ReviewStages } from './ReviewStages.tsx';
import { CaseStatusTag, DueDate, OutcomeTag, PausedTag, VisitsTag, WarningTag, rowProps } from './tags.tsx';

export interface CaseState {
  view: CaseView | null;
  loading: boolean;
  loadError: unknown;
  /** The last action's failure, shown until the next success. */
  actionError: unknown;
  reload(): Promise<void>;
  /** Shows a view the server returned after an action. */
  apply(view: CaseView): void;
  /** Shows an action's failure; a conflict also reloads the case. */
  fail(error: unknown): void;
  dismissError(): void;
}

/** Loads a case and keeps it current across actions. */
export function useCase(caseId: string, onChanged?: (view: CaseView) => void): CaseState {
  const [view, setView] = useState<CaseView | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const changed = useRef(onChanged);
  changed.current = onChanged;
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    try {
      const fresh = await casesApi.view(caseId, current.signal);
      if (current.signal.aborted) return;
      setView(fresh);
      setLoadError(null);
      changed.current?.(fresh);
    } catch (error) {
      if (current.signal.aborted) return;
      setLoadError(error);
    } finally {
      if (!current.signal.aborted) setLoading(false);
    }
  }, [caseId]);

  useEffect(() => {
    setView(null);
    setActionError(null);
    void load();
    return () => controller.current?.abort();
  }, [load]);

  const apply = useCallback((next: CaseView) => {
    setView(next);
    setActionError(null);
    changed.current?.(next);
  }, []);

  const fail = useCallback(
    (error: unknown) => {
      setActionError(error);
      if (isApiError(error) && error.status === 409) void load();
    },
    [load],
  );

  return { view, loading, loadError, actionError, reload: load, apply, fail, dismissError: () => setActionError(null) };
}

const lineStyle = { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, padding: '8px 0', borderBottom: '1px solid #f0f0f0' } as const;

function Section({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }} data-testid={testId}>
      {children}
    </Card>
  );
}

export interface CaseDetailProps {
  caseId: string;
  /** Told of every new view (after loading and after each action), e.g. to refresh a list. */
  onChanged?(view: CaseView): void;
}

export function CaseDetail({ caseId, onChanged }: CaseDetailProps) {
  const state = useCase(caseId, onChanged);
  const { view, loadError, reload } = state;
  if (!view) {
    if (loadError) return <LoadError error={loadError} onRetry={() => void reload()} />;
    return <FullPageSpin />;
  }
  return <LoadedCase view={view} state={state} />;
}

function LoadedCase({ view, state }: { view: CaseView; state: CaseState }) {
  const { t, pick, errorText, formatDateTime } = useI18n();
  const { loading, loadError, actionError, reload, apply, fail } = state;
  const definition = useItemDefinition(view);

  const delivery = view.delivery;
  const childColumns: TableColumnsType<CaseSummary> = [
    { title: t('cases.col.caseNo'), key: 'caseNo', render: (_, c) => <Link to={casePath(c.id)}>{c.caseNo}</Link> },
    { title: t('cases.col.item'), dataIndex: 'itemName', key: 'item' },
    { title: t('cases.col.department'), dataIndex: 'departmentName', key: 'department' },
    {
      title: t('cases.col.status'),
      key: 'status',
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          <OutcomeTag outcome={c.outcome} />
        </Space>
      ),
    },
    { title: t('cases.col.due'), key: 'due', render: (_, c) => <DueDate date={c.dueDate} warning={c.warning} /> },
  ];
  const visitColumns: TableColumnsType<CaseVisit> = [
    { title: t('cases.visit.at'), key: 'at', render: (_, v) => formatDateTime(v.at) },
    { title: t('cases.visit.reason'), key: 'reason', render: (_, v) => (Object.hasOwn(visitReasonLabels, v.reason) ? pick(visitReasonLabels[v.reason]) : v.reason) },
    {
      title: t('cases.visit.cause'),
      key: 'cause',
      render: (_, v) => (v.cause ? (Object.hasOwn(visitCauseLabels, v.cause) ? pick(visitCauseLabels[v.cause as VisitCause]) : v.cause) : '—'),
    },
  ];

  const header: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'item',
      label: t('cases.field.item'),
      span: 'filled',
      children: (
        <Space size={6} wrap>
          <span data-testid="case-item">{view.itemName}</span>
          <Tag>{pick(caseKindLabels[view.caseKind])}</Tag>
          {view.bundleCode && !view.parentId ? <Tag color="magenta">{t('cases.bundle')}</Tag> : null}
          {view.delegated ? <Tag color="purple">{t('cases.delegated')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'department', label: t('cases.field.department'), children: view.departmentName },
    {
      key: 'applicant',
      label: t('cases.field.applicant'),
      children: (
        <Space size={6} wrap>
          <span>{view.applicantName}</span>
          <Typography.Text type="secondary">{view.applicantRef}</Typography.Text>
        </Space>
      ),
    },
    ...(view.holderId || view.awaitsRegistration
      ? [
          {
            key: 'holder',
            label: t('cases.field.holder'),
            children: (
              <Space size={6} wrap data-testid="case-holder">
                <span>{String(view.form.org_name ?? '')}</span>
                {view.holderId && typeof view.form.uscc === 'string' ? <Typography.Text type="secondary">{view.form.uscc}</Typography.Text> : <Tag color="gold">{t('cases.holder.awaitingRegistration')}</Tag>}
              </Space>
            ),
          },
        ]
      : []),
    {
      key: 'status',
      label: t('cases.field.status'),
      children: (
        <Space size={6} wrap data-testid="case-status">
          <CaseStatusTag status={view.status} />
          <OutcomeTag outcome={view.outcome} />
        </Space>
      ),
    },
    {
      key: 'visits',
      label: t('cases.field.visits'),
      children: (
        <span data-testid="case-visits">
          <VisitsTag visits={view.visits} />
        </span>
      ),
    },
    { key: 'accepted', label: t('cases.field.acceptedOn'), children: view.acceptedOn ?? '—' },
    {
      key: 'due',
      label: t('cases.field.due'),
      children: (
        <Space size={6} wrap data-testid="case-due">
          <DueDate date={view.dueDate} warning={view.warning} />
          {view.caseKind === 'promised' && view.limitDays > 0 ? <Typography.Text type="secondary">{t(view.limitUnit === 'working' ? 'cases.limit.working' : 'cases.limit.natural', { days: view.limitDays })}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      key: 'clock',
      label: t('cases.field.clock'),
      children: (
        <Space size={6} wrap data-testid="case-clock">
          {view.pausedKind ? <PausedTag kind={view.pausedKind} /> : null}
          {view.pausedSince ? <Typography.Text type="secondary">{t('cases.pausedSince', { date: view.pausedSince })}</Typography.Text> : null}
          {view.pausedDays > 0 ? <Typography.Text type="secondary">{t('cases.pausedTotal', { days: view.pausedDays })}</Typography.Text> : null}
          {!view.pausedKind && view.pausedDays === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
        </Space>
      ),
    },
    {
      key: 'received',
      label: t('cases.field.receivedAt'),
      children: (
        <Space size={6} wrap>
          <span>{formatDateTime(view.receivedAt)}</span>
          <Tag>{pick(channelLabel(view.channel))}</Tag>
          {view.viaAgent ? <Tag color="cyan">{t('cases.viaAgent')}</Tag> : null}
        </Space>
      ),
    },
  ];
  if (view.outcomeReason) header.push({ key: 'reason', label: t('cases.field.outcomeReason'), span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{view.outcomeReason}</span> });
  if (delivery?.method) {
    header.push({
      key: 'delivery',
      label: t('cases.field.delivery'),
      span: 'filled',
      children: (
        <Space size={6} wrap data-testid="case-delivery">
          <Tag color="geekblue">{pick(deliveryMethodLabels[delivery.method])}</Tag>
          {delivery.express ? <span>{[delivery.express.company, delivery.express.trackingNo, delivery.express.address].join(' · ')}</span> : null}
          {view.deliveredAt ? <Typography.Text type="secondary">{formatDateTime(view.deliveredAt)}</Typography.Text> : null}
        </Space>
      ),
    });
  }
  if (view.parentId) header.push({ key: 'parent', label: t('cases.field.parent'), span: 'filled', children: <Link to={casePath(view.parentId)}>{t('cases.openParent')}</Link> });
  if (view.queryPassword) header.push({ key: 'password', label: t('cases.field.queryPassword'), span: 'filled', children: <QueryPasswordReset view={view} onReset={reload} onError={fail} /> });

  return (
    <div data-testid="case-detail" data-case-no={view.caseNo} data-status={view.status}>
      {loadError ? <LoadError error={loadError} onRetry={() => void reload()} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
          <Space size={10} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} copyable={{ text: view.caseNo }} data-testid="case-no">
              {view.caseNo}
            </Typography.Title>
            <CaseStatusTag status={view.status} />
            <WarningTag level={view.warning} />
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={loading}>
            {t('common.refresh')}
          </Button>
        </Space>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={header} />
        {actionError ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="case-action-error"
            title={errorText(actionError)}
            description={isApiError(actionError) && actionError.status === 409 ? t('cases.conflictReloaded') : undefined}
            closable={{ onClose: state.dismissError }}
            style={{ marginTop: 16 }}
          />
        ) : null}
        {barActions(view).length > 0 ? (
          <div style={{ marginTop: 16 }}>
            <CaseActionBar view={view} onView={apply} onError={fail} />
          </div>
        ) : null}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Section title={t('cases.section.form')} testId="section-form">
            <ApplicationForm view={view} definition={definition} />
          </Section>
          <Section title={t('cases.section.materials')} testId="section-materials">
            <MaterialsSection view={view} onView={apply} onError={fail} definition={definition} />
          </Section>
          {view.tasks.length > 0 || (view.caseKind === 'promised' && !(view.bundleCode && !view.parentId)) ? (
            <Section title={t('cases.section.stages')} testId="section-stages">
              <ReviewStages view={view} onView={apply} onError={fail} />
            </Section>
          ) : null}
          {view.children.length > 0 ? (
            <Section title={t('cases.section.children')} testId="section-children">
              <Table<CaseSummary> rowKey="id" size="small" columns={childColumns} dataSource={view.children} pagination={false} onRow={(c) => rowProps(`child-row-${c.caseNo}`)} />
            </Section>
          ) : null}
          {view.licences.length > 0 ? (
            <Section
              title={
                <Space>
                  <SafetyCertificateOutlined />
                  {t('cases.section.licences')}
                </Space>
              }
              testId="section-licences"
            >
              <Row gutter={[16, 16]}>
                {view.licences.map((licence) => (
                  <Col key={licence.identifier} xs={24} md={12}>
                    <Space align="start" data-testid={`licence-${licence.identifier}`}>
                      <QrImage value={licenceVerifyUrl(licence.identifier)} size={96} alt={`电子证照核验二维码 E-licence verification QR code: ${licenceVerifyUrl(licence.identifier)}`} />
                      <div>
                        <Typography.Text strong>{licence.licenceType}</Typography.Text>
                        <div>
                          <Typography.Text code copyable>
                            {licence.identifier}
                          </Typography.Text>
                        </div>
                        <div style={{ marginTop: 4 }}>
                          <Tag color={licence.status === 'valid' ? 'success' : 'error'}>{licence.status === 'valid' ? t('cases.licence.valid') : t('cases.licence.revoked')}</Tag>
                          <Link to={verifyPagePath(licence.identifier)} target="_blank" rel="noopener">
                            {t('cases.licence.verify')}
                          </Link>
                        </div>
                        <div style={{ marginTop: 8 }}>
                          <LicencePdfButton licence={licence} />
                        </div>
                      </div>
                    </Space>
                  </Col>
                ))}
              </Row>
            </Section>
          ) : null}
          {view.filing ? (
            <Section title={t('cases.section.filing')} testId="section-filing">
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'filed', label: t('filings.col.filedAt'), children: formatDateTime(view.filing.filedAt) },
                  { key: 'due', label: t('filings.col.due'), children: view.filing.dueDate },
                  {
                    key: 'received',
                    label: t('filings.col.received'),
                    children: view.filing.receivedAt ? `${formatDateTime(view.filing.receivedAt)} ${view.filing.receivedBy ?? ''}` : <Tag color="warning">{t('filings.notReceived')}</Tag>,
                  },
                  {
                    key: 'review',
                    label: t('filings.col.verdict'),
                    children: view.filing.verdict ? (
                      <Space size={4} wrap>
                        <Tag color={view.filing.verdict === 'correct' ? 'success' : 'error'}>{pick(verdictLabels[view.filing.verdict])}</Tag>
                        {view.filing.verdictNote}
                      </Space>
                    ) : view.filing.sampled ? (
                      <Tag color="processing">{t('filings.sampledPending')}</Tag>
                    ) : (
                      <Typography.Text type="secondary">{t('filings.notSampled')}</Typography.Text>
                    ),
                  },
                ]}
              />
            </Section>
          ) : null}
        </Col>
        <Col xs={24} xl={9}>
          <Section title={t('cases.section.timeline')} testId="section-timeline">
            <div style={{ maxHeight: 560, overflowY: 'auto', paddingTop: 8 }}>
              <CaseTimeline entries={view.actions} materials={view.materials} />
            </div>
          </Section>
          <Section
            title={
              <Space>
                <PrinterOutlined />
                {t('cases.section.notices')}
              </Space>
            }
            testId="section-notices"
          >
            {view.notices.length > 0 || hasResultToDeliver(view) ? (
              <div>
                {hasResultToDeliver(view) ? (
                  <div style={lineStyle} data-testid="notice-receipt">
                    <div style={{ minWidth: 0 }}>{t('cases.notice.receipt')}</div>
                    <Link to={printPath(view.id, receiptKind)} target="_blank" rel="noopener">
                      <PrinterOutlined /> {t('cases.notice.print')}
                    </Link>
                  </div>
                ) : null}
                {view.notices.map((notice) => (
                  <div key={notice.id} style={lineStyle} data-testid={`notice-${notice.kind}`}>
                    <div style={{ minWidth: 0 }}>
                      <div>{Object.hasOwn(noticeKindLabels, notice.kind) ? pick(noticeKindLabels[notice.kind]) : notice.kind}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(notice.issuedAt)}
                      </Typography.Text>
                    </div>
                    <Link to={printPath(view.id, notice.kind)} target="_blank" rel="noopener">
                      <PrinterOutlined /> {t('cases.notice.print')}
                    </Link>
                  </div>
                ))}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.notice.none')} />
            )}
          </Section>
          <Section title={t('cases.section.visits')} extra={<VisitsTag visits={view.visits} />} testId="section-visits">
            <Table<CaseVisit> rowKey="id" size="small" columns={visitColumns} dataSource={view.visitLog} pagination={false} locale={{ emptyText: t('cases.visit.none') }} />
          </Section>
          {view.notifications.length > 0 ? (
            <Section title={t('cases.section.notifications')} testId="section-notifications">
              <div>
                {view.notifications.map((n, index) => {
                  const to = n.recipient.split(':')[0] ?? '';
                  return (
                    <div key={`${n.kind}-${n.createdAt}-${index}`} style={lineStyle}>
                      <div style={{ minWidth: 0 }}>
                        <Space size={6} wrap>
                          <Tag>{Object.hasOwn(recipientLabels, to) ? pick(recipientLabels[to]!) : to}</Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatDateTime(n.createdAt)}
                          </Typography.Text>
                        </Space>
                        <div style={{ marginTop: 4 }}>{n.message}</div>
                      </div>
                    </div>
                  );
                })}
              </div>
            </Section>
          ) : null}
        </Col>
      </Row>
    </div>
  );
}
