/**
 * 工作日历: which days count as working days in a region. National holidays (休) and make-up
 * working days (班) come from the State Council's arrangements; administrators add local
 * overrides (the most specific region wins, so a county's override applies to its towns) and
 * declare years the national data does not know yet. Time limits are counted on this calendar.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { withQuery, type CalendarOverride, type RegionCalendar } from '../../api.ts';
import { grantsWith } from '../../app/capabilities.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { RegionTreeSelect } from '../../shared/pickers.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { DueDateTool } from './DueDateTool.tsx';
import { holidayName } from './holidayNames.ts';

/** How a date counts, and why. */
interface DayInfo {
  date: string;
  weekday: number;
  national: 'holiday' | 'makeUp' | 'weekend' | 'workday';
  /** The local override that applies (the most specific region's), if any. */
  override: CalendarOverride | undefined;
  isWorkday: boolean;
}

const colors = {
  holiday: { background: '#fff1f0', color: '#cf1322' },
  makeUp: { background: '#fff7e6', color: '#d46b08' },
  weekend: { background: '#fafafa', color: '#8c8c8c' },
  workday: { background: '#ffffff', color: '#1f1f1f' },
  override: '#722ed1',
};

const weekdayKeys = [
  'catalogAdmin.calendar.weekday.0',
  'catalogAdmin.calendar.weekday.1',
  'catalogAdmin.calendar.weekday.2',
  'catalogAdmin.calendar.weekday.3',
  'catalogAdmin.calendar.weekday.4',
  'catalogAdmin.calendar.weekday.5',
  'catalogAdmin.calendar.weekday.6',
] as const;

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Monday = 0 … Sunday = 6, on the calendar date itself (no time zone involved). */
function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

export default function CalendarPage() {
  const { t, pick, locale } = useI18n();
  const { staff } = useStaff();
  const { regions, regionByCode, regionName } = useOrgLookup();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const fallbackRegion = grantsWith(staff.grants, 'calendar.manage')[0]?.regionCode ?? regions[0]?.code ?? null;
  const regionCode = params.get('region') ?? fallbackRegion;
  const year = Number(params.get('year')) || thisYear;
  const path = regionCode ? withQuery('/api/calendar', { regionCode, year }) : null;
  const calendar = useResource<RegionCalendar>(path);
  const dayModal = useModalState<DayInfo>();
  const yearModal = useModalState<true>();

  const setQuery = (next: { region?: string; year?: number }) => {
    const merged = new URLSearchParams(params);
    if (next.region) merged.set('region', next.region);
    if (next.year) merged.set('year', String(next.year));
    setParams(merged, { replace: true });
  };

  // The deeper the region, the more specific its override.
  const depthOf = (code: string) => regionByCode.get(code)?.path.split('.').length ?? 0;

  const days = useMemo(() => {
    const depth = (code: string) => regionByCode.get(code)?.path.split('.').length ?? 0;
    const data = calendar.data;
    const holidays = new Set(data?.holidays ?? []);
    const makeUp = new Set(data?.makeUpWorkdays ?? []);
    const overrides = new Map<string, CalendarOverride>();
    for (const o of data?.overrides ?? []) {
      const seen = overrides.get(o.date);
      if (!seen || depth(o.regionCode) > depth(seen.regionCode)) overrides.set(o.date, o);
    }
    const info = (date: string): DayInfo => {
      const weekday = weekdayOf(date);
      const national = holidays.has(date) ? 'holiday' : makeUp.has(date) ? 'makeUp' : weekday >= 5 ? 'weekend' : 'workday';
      const override = overrides.get(date);
      return { date, weekday, national, override, isWorkday: override ? override.isWorkday : national === 'makeUp' || national === 'workday' };
    };
    return info;
  }, [calendar.data, regionByCode]);

  const known = calendar.data ? calendar.data.knownYears.includes(year) : true;
  const years = useMemo(() => {
    // Every year the calendar knows, and a few ahead to prepare.
    const known = calendar.data?.knownYears ?? [];
    const first = Math.min(thisYear, year, ...known);
    const last = Math.max(thisYear + 5, year, ...known);
    return Array.from({ length: last - first + 1 }, (_, i) => last - i).map((y) => ({ value: y, label: String(y) }));
  }, [calendar.data, thisYear, year]);

  const weekdayNames = locale === 'zh' ? ['一', '二', '三', '四', '五', '六', '日'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const monthName = (month: number) => new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month, 1)));

  const describe = (day: DayInfo): string => {
    const name = holidayName(day.date);
    const parts = [day.date, t(weekdayKeys[day.weekday]!)];
    if (day.national === 'holiday') parts.push(t('catalogAdmin.calendar.mark.holiday'));
    if (day.national === 'makeUp') parts.push(t('catalogAdmin.calendar.mark.makeUp'));
    if (name && (day.national === 'holiday' || day.national === 'makeUp')) parts.push(pick(name));
    if (day.override) {
      parts.push(
        t('catalogAdmin.calendar.overrideBy', {
          region: regionName(day.override.regionCode),
          kind: day.override.isWorkday ? t('catalogAdmin.calendar.workday') : t('catalogAdmin.calendar.restDay'),
        }),
      );
      if (day.override.note) parts.push(day.override.note);
    }
    return parts.join(' ');
  };

  const renderDay = (day: DayInfo) => {
    const palette = colors[day.national];
    const name = day.national === 'holiday' || day.national === 'makeUp' ? holidayName(day.date) : undefined;
    const mark = day.override
      ? day.override.isWorkday
        ? t('catalogAdmin.calendar.mark.makeUp')
        : t('catalogAdmin.calendar.mark.holiday')
      : day.national === 'holiday'
        ? t('catalogAdmin.calendar.mark.holiday')
        : day.national === 'makeUp'
          ? t('catalogAdmin.calendar.mark.makeUp')
          : null;
    const markColor = day.override ? colors.override : palette.color;
    const label = describe(day);
    return (
      <Tooltip key={day.date} title={label} mouseEnterDelay={0.4}>
        <button
          type="button"
          aria-label={label}
          data-date={day.date}
          onClick={() => dayModal.show(day)}
          style={{
            position: 'relative',
            height: 46,
            width: '100%',
            padding: '2px 0 0',
            border: day.override ? `2px solid ${colors.override}` : '1px solid #f0f0f0',
            borderRadius: 4,
            background: day.override ? (day.override.isWorkday ? '#f9f0ff' : '#f4ecfb') : palette.background,
            color: day.override ? colors.override : palette.color,
            cursor: 'pointer',
            lineHeight: 1.2,
            fontSize: 13,
          }}
        >
          <div style={{ fontWeight: day.isWorkday ? 400 : 600, textAlign: 'start', paddingInlineStart: 5 }}>{Number(day.date.slice(8))}</div>
          {name ? <div style={{ fontSize: 10, opacity: 0.85, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', padding: '0 2px' }}>{pick(name)}</div> : null}
          {mark ? (
            <span style={{ position: 'absolute', top: 1, right: 2, fontSize: 10, lineHeight: '14px', padding: '0 2px', borderRadius: 3, color: '#fff', background: markColor }} aria-hidden>
              {mark}
            </span>
          ) : null}
        </button>
      </Tooltip>
    );
  };

  const month = (m: number) => {
    const first = weekdayOf(isoDate(year, m, 1));
    const dated: (DayInfo | null)[] = [...Array.from({ length: first }, () => null), ...Array.from({ length: daysIn(year, m) }, (_, i) => days(isoDate(year, m, i + 1)))];
    // Always six weeks, so the months line up in the grid.
    const cells = [...dated, ...Array.from({ length: 42 - dated.length }, () => null)];
    return (
      <Col key={m} xs={24} md={12} xl={8}>
        <Card size="small" title={monthName(m)} style={{ marginBottom: 16 }} data-testid={`month-${m + 1}`}>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 3 }}>
            {weekdayNames.map((name, i) => (
              <div key={name} style={{ textAlign: 'center', fontSize: 12, color: i >= 5 ? '#cf1322' : '#8c8c8c', paddingBottom: 2 }}>
                {name}
              </div>
            ))}
            {cells.map((day, i) => (day ? renderDay(day) : <div key={`blank-${i}`} style={{ height: 46 }} />))}
          </div>
        </Card>
      </Col>
    );
  };

  const localOverrides = (calendar.data?.overrides ?? []).slice().sort((a, b) => a.date.localeCompare(b.date) || depthOf(a.regionCode) - depthOf(b.regionCode));

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalogAdmin.nav.calendar')}
        </Typography.Title>
        <Space wrap>
          <div style={{ width: 260 }}>
            <RegionTreeSelect value={regionCode ?? undefined} onChange={(code) => setQuery({ region: code })} placeholder={t('catalogAdmin.calendar.region')} />
          </div>
          <Select
            aria-label={t('catalogAdmin.calendar.year')}
            value={year}
            options={years}
            onChange={(value: number) => setQuery({ year: value })}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 110 }}
            suffixIcon={<CalendarOutlined />}
          />
        </Space>
      </Space>

      <Space wrap size={[16, 8]} style={{ marginBottom: 16 }}>
        <Legend color={colors.holiday.color} background={colors.holiday.background} mark={t('catalogAdmin.calendar.mark.holiday')} text={t('catalogAdmin.calendar.legend.holiday')} />
        <Legend color={colors.makeUp.color} background={colors.makeUp.background} mark={t('catalogAdmin.calendar.mark.makeUp')} text={t('catalogAdmin.calendar.legend.makeUp')} />
        <Legend color={colors.override} background="#f9f0ff" mark={t('catalogAdmin.calendar.mark.override')} text={t('catalogAdmin.calendar.legend.override')} />
        <Legend color={colors.weekend.color} background={colors.weekend.background} text={t('catalogAdmin.calendar.legend.weekend')} />
        <Typography.Text type="secondary">{t('catalogAdmin.calendar.clickHint')}</Typography.Text>
      </Space>

      {calendar.error ? <LoadError error={calendar.error} onRetry={calendar.reload} /> : null}
      {!known ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('catalogAdmin.calendar.unknownYear', { year })}
          description={t('catalogAdmin.calendar.unknownYearHint')}
          action={
            <Button type="primary" onClick={() => yearModal.show(true)}>
              {t('catalogAdmin.calendar.publishYear')}
            </Button>
          }
        />
      ) : null}

      <Row gutter={16}>{Array.from({ length: 12 }, (_, m) => month(m))}</Row>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('catalogAdmin.calendar.overridesTitle', { year })} style={{ marginBottom: 16 }}>
            <Table<CalendarOverride>
              rowKey={(o) => `${o.regionCode}:${o.date}`}
              size="small"
              pagination={false}
              dataSource={localOverrides}
              locale={{ emptyText: t('catalogAdmin.calendar.noOverrides') }}
              columns={[
                { title: t('catalogAdmin.calendar.date'), dataIndex: 'date', key: 'date', width: 120 },
                {
                  title: t('catalogAdmin.calendar.kind'),
                  dataIndex: 'isWorkday',
                  key: 'kind',
                  width: 100,
                  render: (isWorkday: boolean) => <Tag color="purple">{isWorkday ? t('catalogAdmin.calendar.workday') : t('catalogAdmin.calendar.restDay')}</Tag>,
                },
                {
                  title: t('catalogAdmin.calendar.setBy'),
                  dataIndex: 'regionCode',
                  key: 'region',
                  width: 160,
                  render: (code: string) => (code === regionCode ? regionName(code) : t('catalogAdmin.calendar.inherited', { region: regionName(code) })),
                },
                { title: t('catalogAdmin.calendar.note'), dataIndex: 'note', key: 'note', render: (note: string) => note || '—' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <DueDateTool regionCode={regionCode} />
        </Col>
      </Row>

      {regionCode ? <DayModal day={dayModal.subject} open={dayModal.open} regionCode={regionCode} onClose={dayModal.hide} describe={describe} /> : null}

      <FormModal<{ note: string }>
        open={yearModal.open}
        title={t('catalogAdmin.calendar.publishYearOf', { year, region: regionCode ? regionName(regionCode) : '' })}
        okText={t('catalogAdmin.calendar.publishYear')}
        initialValues={{ note: '' }}
        onClose={yearModal.hide}
        onSubmit={async (values, action) => {
          if (!regionCode) return;
          await action.send('PUT', `/api/calendar/years/${regionCode}/${year}`, { note: values.note?.trim() ?? '' });
          await invalidate('/api/calendar');
        }}
      >
        <Typography.Paragraph>{t('catalogAdmin.calendar.publishYearHint', { year })}</Typography.Paragraph>
        <Form.Item name="note" label={t('catalogAdmin.calendar.note')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('catalogAdmin.calendar.publishYearNote')} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

function Legend({ color, background, mark, text }: { color: string; background: string; mark?: string; text: string }) {
  return (
    <Space size={6}>
      <span
        style={{
          display: 'inline-block',
          minWidth: 18,
          height: 18,
          lineHeight: '18px',
          textAlign: 'center',
          fontSize: 11,
          borderRadius: 3,
          background: mark ? color : background,
          color: '#fff',
          border: `1px solid ${mark ? color : '#d9d9d9'}`,
        }}
      >
        {mark ?? ''}
      </span>
      <Typography.Text>{text}</Typography.Text>
    </Space>
  );
}

interface OverrideForm {
  isWorkday: boolean;
  note: string;
}

/** Sets or removes this region's override of one day. */
function DayModal({ day, open, regionCode, onClose, describe }: { day: DayInfo | null; open: boolean; regionCode: string; onClose(): void; describe(day: DayInfo): string }) {
  const { t, errorText } = useI18n();
  const { message } = App.useApp();
  const { regionName } = useOrgLookup();
  const [form] = Form.useForm<OverrideForm>();
  const saveAction = useAction();
  const removeAction = useAction();
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const own = day?.override && day.override.regionCode === regionCode ? day.override : undefined;
  const inherited = day?.override && day.override.regionCode !== regionCode ? day.override : undefined;
  const url = day ? `/api/calendar/overrides/${regionCode}/${day.date}` : '';

  const run = async (kind: 'save' | 'remove') => {
    if (!day) return;
    setError(null);
    let values: OverrideForm | undefined;
    if (kind === 'save') {
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
    }
    setBusy(kind);
    try {
      if (kind === 'save') await saveAction.send('PUT', url, { isWorkday: values!.isWorkday, note: values!.note?.trim() ?? '' });
      else await removeAction.send('DELETE', url);
      await invalidate('/api/calendar');
      void message.success(kind === 'save' ? t('common.saved') : t('catalogAdmin.calendar.removed'));
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const close = () => {
    setError(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={day ? t('catalogAdmin.calendar.dayTitle', { date: day.date, region: regionName(regionCode) }) : ''}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space>
          {own ? (
            <Button danger loading={busy === 'remove'} disabled={busy === 'save'} onClick={() => void run('remove')}>
              {t('catalogAdmin.calendar.remove')}
            </Button>
          ) : null}
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy === 'save'} disabled={busy === 'remove'} onClick={() => void run('save')}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {day ? (
        <>
          {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" /> : null}
          <Typography.Paragraph>{describe(day)}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('catalogAdmin.calendar.nationalIs', { kind: day.national === 'holiday' || day.national === 'weekend' ? t('catalogAdmin.calendar.restDay') : t('catalogAdmin.calendar.workday') })}
          </Typography.Paragraph>
          {inherited ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('catalogAdmin.calendar.inheritedHint', {
                region: regionName(inherited.regionCode),
                kind: inherited.isWorkday ? t('catalogAdmin.calendar.workday') : t('catalogAdmin.calendar.restDay'),
              })}
            />
          ) : null}
          <Form<OverrideForm> form={form} layout="vertical" preserve={false} initialValues={{ isWorkday: own ? own.isWorkday : !day.isWorkday, note: own?.note ?? '' }} onFinish={() => void run('save')}>
            <Form.Item name="isWorkday" label={t('catalogAdmin.calendar.setAs')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: true, label: t('catalogAdmin.calendar.workday') },
                  { value: false, label: t('catalogAdmin.calendar.restDay') },
                ]}
              />
            </Form.Item>
            <Form.Item name="note" label={t('catalogAdmin.calendar.note')} rules={[{ max: 200 }]}>
              <Input placeholder={t('catalogAdmin.calendar.notePlaceholder')} />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
