/**
 * 窗口叫号 (`/hall/window`): the clerk's screen at a window. Choose the window (remembered on
 * this computer), sign in at it, call the next ticket of the classes it serves, then recall, mark
 * a no-show, serve, transfer to another class or window, and finish. While serving, 受理办件 opens
 * the intake screen for this ticket; the case made there is linked to it (the visit is recorded).
 * Guides also hand out tickets here, including the green channel.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Modal, Radio, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { NotificationOutlined, ReloadOutlined, SolutionOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { ticketActions, ticketPriorityLabels, ticketStatusLabels, type TicketAction } from '../../../../src/domain/hall.ts';
import { mayAnywhere } from '../../../../src/domain/permissions.ts';
import { Action, api, type Center, type ServiceWindow } from '../../api.ts';
import { paths } from '../../app/paths.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { hallApi, intakeForTicket, mayCallNext, rememberWindow, rememberedWindow, ticketButtons, type CallNext, type HallTicket, type WindowView } from './model.ts';
import type { IssuedTicket } from '../hall-public/model.ts';

const priorityColors = { green: 'green', appointment: 'blue', normal: 'default' } as const;

function WindowPicker({ value, onChange }: { value: string | null; onChange(id: string): void }) {
  const { t } = useI18n();
  const centers = useResource<Center[]>('/api/centers');
  const [centerId, setCenterId] = useState<string | null>(null);
  const [windows, setWindows] = useState<ServiceWindow[]>([]);

  useEffect(() => {
    if (centerId || !centers.data?.length) return;
    // The remembered window's center, else the city center, else the first.
    const first = centers.data.find((c) => c.level === 'city') ?? centers.data[0]!;
    if (!value) return setCenterId(first.id);
    let cancelled = false;
    void Promise.all(centers.data.map((c) => api.get<ServiceWindow[]>(`/api/windows?centerId=${c.id}`).then((list) => ({ c, list })))).then((all) => {
      if (cancelled) return;
      setCenterId(all.find(({ list }) => list.some((w) => w.id === value))?.c.id ?? first.id);
    });
    return () => {
      cancelled = true;
    };
  }, [centers.data, centerId, value]);

  useEffect(() => {
    if (!centerId) return;
    void api.get<ServiceWindow[]>(`/api/windows?centerId=${centerId}`).then((list) => setWindows(list.filter((w) => w.active)));
  }, [centerId]);

  return (
    <Space wrap>
      <Select
        aria-label={t('hallWindow.center')}
        style={{ width: 240 }}
        value={centerId ?? undefined}
        loading={centers.loading}
        options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        onChange={(id) => setCenterId(id)}
        showSearch={{ optionFilterProp: 'label' }}
      />
      <Select
        aria-label={t('hallWindow.window')}
        data-testid="window-select"
        style={{ width: 240 }}
        placeholder={t('hallWindow.chooseWindow')}
        value={windows.some((w) => w.id === value) ? value : undefined}
        options={windows.map((w) => ({ value: w.id, label: t('hallWindow.windowLabel', { number: w.number, name: w.name }) }))}
        onChange={onChange}
      />
    </Space>
  );
}

function TransferModal({ view, ticket, open, onClose, onDone }: { view: WindowView; ticket: HallTicket; open: boolean; onClose(): void; onDone(t: HallTicket): void }) {
  const { t, errorText } = useI18n();
  const [mode, setMode] = useState<'class' | 'window'>('class');
  const [target, setTarget] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const action = useMemo(() => new Action(), []);
  const classes = useResource<{ code: string; name: string }[]>(open ? hallApi.classes(view.window.centerId) : null);
  const submit = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await action.send<HallTicket>('POST', hallApi.act(ticket.id), mode === 'class' ? { action: 'transfer', classCode: target } : { action: 'transfer', windowId: target }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('hallWindow.transferTitle', { number: ticket.number })} onCancel={onClose} onOk={submit} okText={t('hallWindow.transferOk')} okButtonProps={{ disabled: !target, loading: busy }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('hallWindow.transferHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('hallWindow.transferTo')}>
          <Radio.Group
            value={mode}
            onChange={(e) => {
              setMode(e.target.value);
              setTarget(undefined);
            }}
          >
            <Radio.Button value="class">{t('hallWindow.transferToClass')}</Radio.Button>
            <Radio.Button value="window">{t('hallWindow.transferToWindow')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={mode === 'class' ? t('hallWindow.class') : t('hallWindow.window')}>
          <Select
            data-testid="transfer-target"
            value={target}
            onChange={setTarget}
            options={
              mode === 'class'
                ? (classes.data ?? []).filter((c) => c.code !== ticket.classCode).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))
                : view.windows.filter((w) => w.id !== view.window.id).map((w) => ({ value: w.id, label: t('hallWindow.windowLabel', { number: w.number, name: w.name }) }))
            }
          />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={errorText(error)} /> : null}
    </Modal>
  );
}

function GuideTickets({ centerId }: { centerId: string }) {
  const { t, errorText } = useI18n();
  const classes = useResource<{ code: string; name: string }[]>(hallApi.classes(centerId));
  const [classCode, setClassCode] = useState<string | undefined>();
  const [green, setGreen] = useState(true);
  const [issued, setIssued] = useState<{ number: string; ahead: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const action = useMemo(() => new Action(), []);
  const issue = async () => {
    if (!classCode) return;
    setError(null);
    try {
      setIssued(await action.send<IssuedTicket>('POST', hallApi.tickets(centerId), { classCode, priority: green ? 'green' : 'normal' }));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card title={t('hallWindow.guideTitle')} size="small" data-testid="guide-tickets">
      <Space wrap>
        <Select
          aria-label={t('hallWindow.class')}
          style={{ width: 200 }}
          placeholder={t('hallWindow.class')}
          value={classCode}
          onChange={setClassCode}
          options={(classes.data ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
        />
        <Radio.Group value={green} onChange={(e) => setGreen(e.target.value)}>
          <Radio.Button value={true}>{t('hallWindow.green')}</Radio.Button>
          <Radio.Button value={false}>{t('hallWindow.normal')}</Radio.Button>
        </Radio.Group>
        <Button type="primary" onClick={issue} disabled={!classCode}>
          {t('hallWindow.issue')}
        </Button>
      </Space>
      {issued ? <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid="guide-issued" message={t('hallWindow.issued', { number: issued.number, ahead: issued.ahead })} /> : null}
      {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={errorText(error)} /> : null}
    </Card>
  );
}

export default function WindowPage() {
  const { t, pick, errorText, formatDateTime } = useI18n();
  const { staff } = useStaff();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const windowId = params.get('window') ?? rememberedWindow();
  const view = useResource<WindowView>(windowId ? hallApi.view(windowId) : null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [transferring, setTransferring] = useState(false);
  const [empty, setEmpty] = useState(false);
  const action = useMemo(() => new Action(), []);
  const { reload } = view;

  // Fresh on arrival (back from intake the ticket carries its case), then every 10 s: waiting
  // counts move as kiosks issue tickets and other windows call.
  useEffect(() => {
    if (!windowId) return;
    void reload();
    const timer = window.setInterval(() => void reload(), 10_000);
    return () => window.clearInterval(timer);
  }, [windowId, reload]);

  const choose = (id: string) => {
    rememberWindow(id);
    setEmpty(false);
    setError(null);
    setParams({ window: id });
  };

  const run = useCallback(
    async (key: string, work: () => Promise<unknown>) => {
      setBusy(key);
      setError(null);
      try {
        await work();
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(null);
        await reload();
      }
    },
    [reload],
  );

  if (!windowId) {
    return (
      <Card title={t('hallWindow.title')}>
        <Typography.Paragraph>{t('hallWindow.pickFirst')}</Typography.Paragraph>
        <WindowPicker value={null} onChange={choose} />
      </Card>
    );
  }

  const data = view.data;
  const ticket = data?.current ?? null;
  const isGuide = mayAnywhere(staff.grants, 'ticket.green');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="window-page">
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space direction="vertical" size={0}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {data ? t('hallWindow.heading', { number: data.window.number, name: data.window.name }) : t('hallWindow.title')}
            </Typography.Title>
            {data ? (
              <Typography.Text type="secondary" data-testid="window-clerk">
                {data.centerName} · {data.staffName ? t('hallWindow.clerk', { name: data.staffName }) : t('hallWindow.nobody')}
              </Typography.Text>
            ) : null}
          </Space>
          <Space wrap>
            <WindowPicker value={windowId} onChange={choose} />
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              {t('common.refresh')}
            </Button>
          </Space>
        </Space>
      </Card>
      {view.error && !data ? <LoadError error={view.error} onRetry={reload} /> : null}
      {data && !data.mine ? (
        <Alert
          type="info"
          showIcon
          message={data.staffName ? t('hallWindow.takenBy', { name: data.staffName }) : t('hallWindow.notOpen')}
          action={
            <Button type="primary" data-testid="open-window" loading={busy === 'open'} onClick={() => void run('open', () => action.send('POST', hallApi.open(windowId), {}))}>
              {t('hallWindow.open')}
            </Button>
          }
        />
      ) : null}
      {error ? <Alert type="error" showIcon closable onClose={() => setError(null)} message={errorText(error)} data-testid="window-error" /> : null}
      {data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={15}>
            <Card
              title={t('hallWindow.current')}
              extra={
                <Button
                  type="primary"
                  size="large"
                  icon={<NotificationOutlined />}
                  data-testid="call-next"
                  disabled={!mayCallNext(data)}
                  loading={busy === 'call'}
                  onClick={() =>
                    void run('call', async () => {
                      const result = await action.send<CallNext>('POST', hallApi.callNext(windowId), {});
                      setEmpty(result.ticket === null);
                    })
                  }
                >
                  {t('hallWindow.callNext')}
                </Button>
              }
            >
              {ticket ? (
                <div data-testid="current-ticket" data-status={ticket.status}>
                  <Space align="baseline" size="large" wrap>
                    <span data-testid="current-number" style={{ fontSize: 56, fontWeight: 700, letterSpacing: 2 }}>
                      {ticket.number}
                    </span>
                    <Space direction="vertical" size={2}>
                      <span>
                        <Tag>{ticket.className}</Tag>
                        <Tag color={priorityColors[ticket.priority]}>{pick(ticketPriorityLabels[ticket.priority])}</Tag>
                        <Tag color={ticket.status === 'serving' ? 'processing' : 'gold'}>{pick(ticketStatusLabels[ticket.status])}</Tag>
                      </span>
                      <Typography.Text type="secondary">
                        {t('hallWindow.issuedAt', { time: formatDateTime(ticket.issuedAt) })} · {t('hallWindow.calls', { count: ticket.callCount })}
                        {ticket.transfers > 0 ? ` · ${t('hallWindow.transfers', { count: ticket.transfers })}` : ''}
                      </Typography.Text>
                      {ticket.caseIds.length > 0 ? <Typography.Text data-testid="linked-cases">{t('hallWindow.linked', { count: ticket.caseIds.length })}</Typography.Text> : null}
                    </Space>
                  </Space>
                  <Space wrap style={{ marginTop: 16 }}>
                    {ticket.status === 'serving' ? (
                      <Button type="primary" icon={<SolutionOutlined />} data-testid="start-intake" onClick={() => navigate(intakeForTicket(paths.intake, ticket))}>
                        {t('hallWindow.startIntake')}
                      </Button>
                    ) : null}
                    {ticketButtons(ticket).map((a: TicketAction) => (
                      <Button
                        key={a}
                        data-testid={`ticket-${a}`}
                        type={a === 'serve' || a === 'finish' ? 'primary' : 'default'}
                        danger={a === 'skip'}
                        loading={busy === a}
                        onClick={() => (a === 'transfer' ? setTransferring(true) : void run(a, () => action.send('POST', hallApi.act(ticket.id), { action: a })))}
                      >
                        {pick(ticketActions[a].label)}
                      </Button>
                    ))}
                  </Space>
                  <TransferModal
                    view={data}
                    ticket={ticket}
                    open={transferring}
                    onClose={() => setTransferring(false)}
                    onDone={() => {
                      setTransferring(false);
                      void reload();
                    }}
                  />
                </div>
              ) : (
                <Empty description={empty ? t('hallWindow.nobodyWaiting') : t('hallWindow.noTicket')} data-testid="no-ticket" />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={9}>
            <Card title={t('hallWindow.queue')}>
              <Row gutter={[12, 12]}>
                {data.classes.map((c) => (
                  <Col span={12} key={c.id}>
                    <Statistic title={`${c.code} ${pick({ zh: c.name, en: c.nameEn || c.name })}`} value={c.waiting} suffix={t('hallWindow.people')} data-testid={`waiting-${c.code}`} />
                  </Col>
                ))}
                {data.classes.length === 0 ? <Typography.Text type="secondary">{t('hallWindow.noClasses')}</Typography.Text> : null}
              </Row>
            </Card>
          </Col>
          {isGuide ? (
            <Col span={24}>
              <GuideTickets centerId={data.window.centerId} />
            </Col>
          ) : null}
        </Row>
      ) : null}
    </Space>
  );
}
