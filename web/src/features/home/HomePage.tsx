/** 工作台: a greeting, the user's grants in words, and the screens they may open. */
import { Alert, Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { ApartmentOutlined, AuditOutlined, KeyOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '../../app/paths.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n, type MessageKey } from '../../i18n.tsx';
import { describeGrant, useOrgLookup } from '../../shared/org.ts';
import { LoadError } from '../../shared/states.tsx';

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

export function HomePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { staff, can } = useStaff();
  const lookup = useOrgLookup();

  const shortcuts: Shortcut[] = [];
  if (can.viewOrganisation) shortcuts.push({ to: paths.organisation, icon: <ApartmentOutlined />, title: 'nav.organisation', description: 'home.shortcut.organisation' });
  if (can.viewStaff) shortcuts.push({ to: paths.staff, icon: <TeamOutlined />, title: 'nav.staff', description: can.manageStaff ? 'home.shortcut.staff' : 'home.shortcut.staffReadOnly' });
  if (can.manageApiKeys) shortcuts.push({ to: paths.apiKeys, icon: <KeyOutlined />, title: 'nav.apiKeys', description: 'home.shortcut.apiKeys' });
  if (can.viewAudit) shortcuts.push({ to: paths.audit, icon: <AuditOutlined />, title: 'nav.audit', description: 'home.shortcut.audit' });

  const today = new Intl.DateTimeFormat(i18n.locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'full' }).format(new Date());

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

      {lookup.error ? <LoadError error={lookup.error} onRetry={lookup.reload} /> : null}

      <Row gutter={[16, 16]}>
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
        <Col xs={24} lg={14}>
          <Card title={t('home.shortcuts')} style={{ height: '100%' }}>
            {shortcuts.length === 0 ? (
              <Alert type="info" showIcon title={t('home.caseWorkComing')} />
            ) : (
              <Row gutter={[12, 12]}>
                {shortcuts.map((shortcut) => (
                  <Col xs={24} sm={12} key={shortcut.to}>
                    <Link to={shortcut.to}>
                      <Card hoverable size="small">
                        <Card.Meta avatar={<span style={{ fontSize: 24, color: '#1f5fbf' }}>{shortcut.icon}</span>} title={t(shortcut.title)} description={t(shortcut.description)} />
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
