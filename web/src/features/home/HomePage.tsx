/**
 * 工作台: a greeting; the person's queues (counted as their lists count them) and warned cases;
 * for those who oversee the center its key rates; today's hall; shortcuts to the screens their grants
 * open; their grants in words; the public pages.
 */
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, BarChartOutlined, ExportOutlined, FileProtectOutlined, FileSearchOutlined, InboxOutlined, KeyOutlined, NotificationOutlined } from '@ant-design/icons';
import { ProfileOutlined, SafetyCertificateOutlined, ScheduleOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { homeSchema } from '../../../../src/http/contracts/home.ts';
import { paths } from '../../app/paths.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n, type MessageKey } from '../../i18n.tsx';
import { describeGrant, useOrgLookup } from '../../shared/org.ts';
import { PublicLinks } from '../../shared/PublicLinks.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';

type Home = z.input<typeof homeSchema>;
type QueueKey = Home['queues'][number]['key'];

const running = 'accepted,in_review,suspended';

/**
 * Where each queue's list is: the same filter the count used where the list page has it. The
 * rectification tasks open the department's inbox for those who work them there, else (the center's
 * supervisor, the front desk) the ratings desk, as the menus do.
 */
function queueLinks(workRectifications: boolean): Record<QueueKey, string> {
  const rectifications = workRectifications ? paths.rectifications : paths.quality;
  return {
    toAccept: `${paths.cases}?status=submitted`,
    awaitingCorrection: `${paths.cases}?status=needs_correction`,
    toReview: paths.inbox,
    toIssue: paths.issuance,
    filingsDue: paths.filings,
    filingsOverdue: paths.filings,
    rectificationsToWork: rectifications,
    rectificationsToRevisit: `${paths.quality}?tab=revisit`,
    rectificationsLate: workRectifications ? `${paths.rectifications}?late=true` : rectifications,
    appealsToDecide: `${paths.quality}?tab=appeals`,
    complaintsToDispatch: `${paths.complaints}?state=received`,
    complaintsToHandle: paths.complaints,
    complaintsOverdue: `${paths.complaints}?overdue=true`,
  };
}

/** Queues of things already late: their figure is red. */
const lateQueues: ReadonlySet<QueueKey> = new Set(['filingsOverdue', 'rectificationsLate', 'complaintsOverdue']);

function greetingKey(hour: number): MessageKey {
  if (hour < 5) return 'home.greeting.evening';
  if (hour < 12) return 'home.greeting.morning';
  if (hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

interface Shortcut {
  to: string;
  icon: ReactNode;
  title: MessageKey;
  description: MessageKey;
}

/** A figure that opens its list. */
function CountCard({ to, title, hint, value, color, testId }: { to: string; title: string; hint: string; value: number; color?: string; testId: string }) {
  return (
    <Link to={to} data-testid={testId}>
      <Card hoverable size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} styles={{ content: { color: value > 0 ? color : undefined } }} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      </Card>
    </Link>
  );
}

function share(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;
}

export function HomePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { staff, can } = useStaff();
  const lookup = useOrgLookup();
  const home = useResource<Home>('/api/home');

  const shortcuts: Shortcut[] = [];
  if (can.intake) shortcuts.push({ to: paths.intake, icon: <SolutionOutlined />, title: 'intake.nav', description: 'home.shortcut.intake' });
  if (can.workWindow) shortcuts.push({ to: paths.hallWindow, icon: <NotificationOutlined />, title: 'hallWindow.nav', description: 'home.shortcut.hallWindow' });
  if (can.workInbox) shortcuts.push({ to: paths.inbox, icon: <InboxOutlined />, title: 'inbox.nav', description: 'home.shortcut.inbox' });
  if (can.issueResults) shortcuts.push({ to: paths.issuance, icon: <ExportOutlined />, title: 'issuance.nav', description: 'home.shortcut.issuance' });
  if (can.viewFilings) shortcuts.push({ to: paths.filings, icon: <FileProtectOutlined />, title: 'filings.nav', description: 'home.shortcut.filings' });
  if (can.viewCases) shortcuts.push({ to: paths.cases, icon: <FileSearchOutlined />, title: 'cases.nav', description: 'home.shortcut.cases' });
  if (can.viewAppointments) shortcuts.push({ to: paths.appointments, icon: <ScheduleOutlined />, title: 'appointments.nav', description: 'home.shortcut.appointments' });
  if (can.viewHallStats) shortcuts.push({ to: paths.hallStats, icon: <BarChartOutlined />, title: 'hallStats.nav', description: 'home.shortcut.hallStats' });
  if (can.manageCatalog) shortcuts.push({ to: paths.items, icon: <ProfileOutlined />, title: 'catalogAdmin.nav.items', description: 'home.shortcut.items' });
  if (can.viewOrganisation) shortcuts.push({ to: paths.organisation, icon: <ApartmentOutlined />, title: 'nav.organisation', description: 'home.shortcut.organisation' });
  if (can.viewStaff) shortcuts.push({ to: paths.staff, icon: <TeamOutlined />, title: 'nav.staff', description: can.manageStaff ? 'home.shortcut.staff' : 'home.shortcut.staffReadOnly' });
  if (can.manageApiKeys) shortcuts.push({ to: paths.apiKeys, icon: <KeyOutlined />, title: 'nav.apiKeys', description: 'home.shortcut.apiKeys' });
  if (can.viewAudit) shortcuts.push({ to: paths.audit, icon: <AuditOutlined />, title: 'nav.audit', description: 'home.shortcut.audit' });

  const today = new Intl.DateTimeFormat(i18n.locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'full' }).format(new Date());
  const data = home.data;
  const rates = data?.rates ?? null;
  const links = queueLinks(can.workRectifications);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t(greetingKey(new Date().getHours()), { name: staff.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {today} · {t('home.motto')}
        </Typography.Text>
      </Card>

      {home.error ? <LoadError error={home.error} onRetry={home.reload} /> : null}
      {lookup.error ? <LoadError error={lookup.error} onRetry={lookup.reload} /> : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={rates ? 14 : 24}>
          <Card title={t('home.queues')} style={{ height: '100%' }} data-testid="home-queues">
            {!data ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : (
              <Row gutter={[12, 12]}>
                {data.queues.map((q) => (
                  <Col xs={12} md={8} xl={rates ? 6 : 4} key={q.key}>
                    <CountCard to={links[q.key]} testId={`queue-${q.key}`} title={t(`home.queue.${q.key}`)} hint={t(`home.queue.${q.key}.hint`)} value={q.count} color={lateQueues.has(q.key) ? '#cf1322' : '#1f5fbf'} />
                  </Col>
                ))}
                <Col xs={12} md={8} xl={rates ? 6 : 4}>
                  <CountCard to={`${paths.cases}?warning=yellow&status=${running}`} testId="warning-yellow" title={t('home.warning.yellow')} hint={t('home.warning.yellow.hint')} value={data.warnings.yellow} color="#d48806" />
                </Col>
                <Col xs={12} md={8} xl={rates ? 6 : 4}>
                  <CountCard to={`${paths.cases}?warning=red&status=${running}`} testId="warning-red" title={t('home.warning.red')} hint={t('home.warning.red.hint')} value={data.warnings.red} color="#cf1322" />
                </Col>
              </Row>
            )}
          </Card>
        </Col>
        {rates ? (
          <Col xs={24} xl={10}>
            <Card title={t('home.rates')} style={{ height: '100%' }} data-testid="home-rates">
              <Row gutter={[12, 12]}>
                <Col span={12}>
                  <Statistic title={t('home.rates.zeroVisit')} value={share(rates.zeroVisit, rates.concluded)} data-testid="rate-zero-visit" />
                </Col>
                <Col span={12}>
                  <Statistic title={t('home.rates.atMostOneVisit')} value={share(rates.atMostOneVisit, rates.concluded)} data-testid="rate-one-visit" />
                </Col>
                <Col span={12}>
                  <Statistic title={t('home.rates.onTime')} value={share(rates.onTime, rates.concluded)} data-testid="rate-on-time" />
                </Col>
                <Col span={12}>
                  <Link to={`${paths.cases}?warning=red&status=${running}`}>
                    <Statistic title={t('home.rates.overdueNow')} value={rates.overdueNow} styles={{ content: { color: rates.overdueNow > 0 ? '#cf1322' : undefined } }} data-testid="rate-overdue" />
                  </Link>
                </Col>
              </Row>
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
                {rates.concluded === 0 ? t('home.rates.none') : t('home.rates.counts', { received: rates.received, concluded: rates.concluded })}
                {/* The period under the figures, not beside the title: on a phone the title kept only its first character. */}
                <br />
                {t('home.rates.period', { days: 30, from: rates.from, to: rates.to })}
              </Typography.Paragraph>
            </Card>
          </Col>
        ) : null}
      </Row>

      <Card title={t('home.hall')} data-testid="home-hall">
        {!data ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : data.hall.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.hall.none')} />
        ) : (
          data.hall.map((h) => (
            <Row gutter={[12, 12]} key={h.centerId} align="middle" style={{ marginBottom: 8 }}>
              <Col xs={24} lg={5}>
                <Typography.Text strong>{h.centerName}</Typography.Text>
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={t('home.hall.issued')} value={h.issued} />
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={t('home.hall.waiting')} value={h.waiting} />
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={t('home.hall.served')} value={h.served} />
              </Col>
              <Col xs={12} sm={8} lg={3}>
                <Statistic title={t('home.hall.noShows')} value={h.noShows} />
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={t('home.hall.waitMedian')} value={h.waitMedian === null ? '—' : t('home.hall.minutes', { n: h.waitMedian })} />
              </Col>
            </Row>
          ))
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('home.shortcuts')} style={{ height: '100%' }}>
            {shortcuts.length === 0 ? (
              <Alert type="info" showIcon title={t('home.noQueues')} />
            ) : (
              <Row gutter={[12, 12]}>
                {shortcuts.map((shortcut) => (
                  <Col xs={24} sm={12} key={shortcut.to}>
                    <Link to={shortcut.to}>
                      <Card hoverable size="small" style={{ height: '100%' }}>
                        <Card.Meta avatar={<span style={{ fontSize: 24, color: '#1f5fbf' }}>{shortcut.icon}</span>} title={t(shortcut.title)} description={t(shortcut.description)} />
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.myGrants')} style={{ height: '100%' }}>
            {lookup.loading && !lookup.regions.length ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : staff.grants.length === 0 ? (
              <Empty description={t('home.noGrants')} />
            ) : (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('home.myGrants')}>
                {staff.grants.map((grant) => (
                  <li key={`${grant.role}:${grant.departmentId ?? ''}:${grant.regionCode}`} style={{ display: 'flex', gap: 12, alignItems: 'center', padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <SafetyCertificateOutlined style={{ fontSize: 18, color: '#1f5fbf' }} />
                    <Typography.Text>{describeGrant(grant, lookup, i18n)}</Typography.Text>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>

      <PublicLinks style={{ textAlign: 'center', padding: '8px 0 16px' }} />
    </div>
  );
}
