/**
 * `/book` (optional `?center=<id>`): booking an appointment without signing in. The applicant
 * chooses a center and a service (only services with slot templates), a day of the next two weeks
 * and a time with places left, then gives name, ID number and mobile; the answer is a booking code
 * to check in with at the kiosk. The second tab looks a booking up by code and ID number and
 * cancels it before its time. Reads well on a phone.
 */
import { useEffect, useState } from 'react';
import { Col, Grid, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { Booked } from './Booked.tsx';
import { BookingPanel } from './BookingPanel.tsx';
import { BookingRules } from './BookingRules.tsx';
import { LookupPanel } from './LookupPanel.tsx';
import { appointmentApi, defaultCenterId, type Appointment, type PublicCenter } from './model.ts';

export default function BookingPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const centers = useResource<PublicCenter[]>(appointmentApi.publicCenters);
  const centerList = centers.data ?? [];
  const centerId = defaultCenterId(centerList, params.get('center'));
  const center = centerList.find((c) => c.id === centerId);
  const [tab, setTab] = useState<'book' | 'lookup'>('book');
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [round, setRound] = useState(0);
  const screens = Grid.useBreakpoint();

  useEffect(() => {
    let previous: string | null = null;
    const timer = window.setTimeout(() => {
      previous = document.title;
      document.title = t('appointments.book.brand');
    });
    return () => {
      window.clearTimeout(timer);
      if (previous !== null) document.title = previous;
    };
  }, [t]);

  const chooseCenter = (id: string) => setParams({ center: id }, { replace: true });

  const bookTab = booked ? (
    <Booked
      appointment={booked}
      center={center}
      onAgain={() => {
        setBooked(null);
        setRound((n) => n + 1);
      }}
      onLookup={() => setTab('lookup')}
    />
  ) : (
    <BookingPanel key={round} centers={centerList} centerId={centerId} onCenter={chooseCenter} onBooked={setBooked} />
  );

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f3f5f9' }}>
      <header style={{ background: '#0f2f5c', color: '#fff' }}>
        <div style={{ maxWidth: 1080, margin: '0 auto', padding: '10px 16px', display: 'flex', alignItems: 'center', gap: 10, boxSizing: 'border-box' }}>
          <img src="/favicon.svg" alt="" width={30} height={30} />
          <span style={{ marginRight: 'auto', lineHeight: 1.2 }}>
            <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 1 }}>{t('appointments.book.brand')}</span>
            <br />
            <span style={{ fontSize: 12, opacity: 0.75 }}>{t('appointments.book.brandSub')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main style={{ flex: 1, width: '100%', maxWidth: 1080, margin: '0 auto', padding: '20px 16px 40px', boxSizing: 'border-box' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 4px' }}>
          {t('appointments.book.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('appointments.book.intro')}</Typography.Paragraph>
        {centers.error ? <LoadError error={centers.error} onRetry={() => void centers.reload()} /> : null}
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Tabs
              activeKey={tab}
              onChange={(key) => setTab(key as 'book' | 'lookup')}
              items={[
                { key: 'book', label: t('appointments.book.tab.book'), children: centers.loading && !centers.data ? <Skeleton active /> : bookTab },
                { key: 'lookup', label: t('appointments.book.tab.lookup'), children: <LookupPanel centers={centerList} initialCode={booked?.code} /> },
              ]}
            />
          </Col>
          <Col xs={24} lg={8}>
            <div style={{ marginTop: screens.lg ? 62 : 0 }}>
              <BookingRules center={center} />
            </div>
          </Col>
        </Row>
      </main>
      <footer style={{ textAlign: 'center', color: '#5b6b82', fontSize: 12, padding: '16px 16px 24px' }}>
        <Space split="·">
          <span>{t('layout.footer')}</span>
          <Link to="/guide">{t('appointments.book.guide')}</Link>
        </Space>
      </footer>
    </div>
  );
}
