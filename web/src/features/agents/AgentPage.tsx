/**
 * 代办工作台 (`/agent`): the village or town proxy agent's desk, on a phone first. Their proxy cases
 * with the seven steps (委托→受理→办理→送达→归档→上报→回访) and the follow-up call, their
 * authorisations (print the form, upload the signed scan, suspend, resume, end, renew), and this
 * month's figures beside their town's. The center's staff and supervisors read the same for their
 * area.
 */
import { useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Radio, Row, Space, Statistic, Tabs, Tag, Typography, Upload } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import {
  agentPowerLabels,
  agentStepLabels,
  agentSteps,
  authorisationActionLabel,
  authorisationStateLabels,
  followUpResultLabels,
  followUpResults,
  type AuthorisationAction,
  type FollowUpResult,
} from '../../../../src/domain/agent-authorisation.ts';
import { addDays } from '../../../../src/domain/calendar.ts';
import { Action, uploadFile } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { statusLabel } from '../cases/labels.ts';
import { casePath } from '../cases/model.ts';
import { agentApi, agentPaths, type AgentCase, type AgentFigures, type Authorisation } from './model.ts';

const stateColours: Record<Authorisation['state'], string> = { pending: 'gold', active: 'green', suspended: 'orange', renewed: 'default', ended: 'default' };

export default function AgentPage() {
  const { t } = useI18n();
  const { can } = useStaff();
  const mine = can.workAsAgent;
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('agents.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('agents.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'cases', label: t('agents.tab.cases'), children: <ProxyCases mine={mine} /> },
          { key: 'authorisations', label: t('agents.tab.authorisations'), children: <Authorisations mine={mine} /> },
          { key: 'figures', label: t('agents.tab.figures'), children: <Figures /> },
        ]}
      />
    </Card>
  );
}

function StepsRow({ steps }: { steps: AgentCase['steps'] }) {
  const { pick } = useI18n();
  return (
    <Space size={[4, 4]} wrap aria-label="steps">
      {agentSteps.map((s) => (
        <Tag key={s} color={steps[s] ? 'green' : 'default'} icon={steps[s] ? <CheckCircleFilled /> : <ClockCircleOutlined />} data-testid={`step-${s}`} data-done={steps[s]}>
          {pick(agentStepLabels[s])}
        </Tag>
      ))}
    </Space>
  );
}

function ProxyCases({ mine }: { mine: boolean }) {
  const { t, pick, formatDateTime } = useI18n();
  const path = mine ? agentApi.cases : agentApi.areaCases;
  const cases = useResource<AgentCase[]>(path);
  const followUp = useModalState<AgentCase>();
  if (cases.error) return <LoadError error={cases.error} onRetry={cases.reload} />;
  return (
    <>
      {mine ? (
        <Link to="/intake">
          <Button type="primary" style={{ marginBottom: 12 }}>
            {t('agents.cases.apply')}
          </Button>
        </Link>
      ) : null}
      {cases.data && cases.data.length === 0 ? <Empty description={t('agents.cases.empty')} /> : null}
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {(cases.data ?? []).map((c) => (
          <Card key={c.id} size="small" data-testid="agent-case" title={<span style={{ whiteSpace: 'normal' }}>{c.itemName}</span>} extra={<Tag>{pick(statusLabel(c.status))}</Tag>}>
            <Typography.Paragraph style={{ marginBottom: 6 }}>
              {c.applicantName} · <Link to={casePath(c.id)}>{c.caseNo}</Link>
              <br />
              <Typography.Text type="secondary">
                {formatDateTime(c.receivedAt)} · {t('agents.cases.visits', { n: c.visits })} · {c.authorisationNo}
              </Typography.Text>
            </Typography.Paragraph>
            <StepsRow steps={c.steps} />
            <div style={{ marginTop: 8 }}>
              {c.followUp ? (
                <Typography.Text type="secondary">
                  {t('agents.cases.followedUp', { result: pick(followUpResultLabels[c.followUp.result]) })}
                  {c.followUp.note ? `:${c.followUp.note}` : ''}
                </Typography.Text>
              ) : mine && c.concludedAt ? (
                <Button size="small" onClick={() => followUp.show(c)}>
                  {t('agents.cases.followUp')}
                </Button>
              ) : null}
            </div>
          </Card>
        ))}
      </Space>
      <FormModal<{ result: FollowUpResult; note: string }>
        open={followUp.open}
        title={t('agents.followUp.title', { caseNo: followUp.subject?.caseNo ?? '' })}
        okText={t('agents.followUp.ok')}
        successMessage={t('agents.followUp.saved')}
        initialValues={{ result: 'satisfied', note: '' }}
        onClose={followUp.hide}
        onSubmit={async (values, action) => {
          await action.send('POST', agentApi.followUp(followUp.subject!.id), { result: values.result, note: values.note ?? '' });
          await invalidate(path);
          await invalidate(agentApi.figures);
        }}
      >
        <Form.Item name="result" label={t('agents.followUp.result')}>
          <Radio.Group options={followUpResults.map((r) => ({ value: r, label: pick(followUpResultLabels[r]) }))} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {({ getFieldValue }) => (
            <Form.Item name="note" label={t('agents.followUp.note')} rules={[{ required: getFieldValue('result') === 'dissatisfied', whitespace: true, message: t('agents.followUp.noteRequired') }, { max: 1000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form.Item>
      </FormModal>
    </>
  );
}

export function AuthorisationCard({ authorisation: a, manage, onChanged }: { authorisation: Authorisation; manage: boolean; onChanged(): Promise<void> }) {
  const { t, pick, formatDateTime, errorText } = useI18n();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState<{ demoCode?: string } | null>(null);
  const [codeBusy, setCodeBusy] = useState<'send' | 'confirm' | null>(null);
  const codeAction = useAction();
  const sendCode = async () => {
    setCodeBusy('send');
    try {
      // Each send is a new text (a resend is not a replay).
      const sent = await new Action().send<{ demoCode?: string }>('POST', agentApi.code(a.id));
      setCodeSent(sent);
      void message.success(t('agents.code.sent', { phone: a.applicant.phone }));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setCodeBusy(null);
    }
  };
  const confirmCode = async () => {
    setCodeBusy('confirm');
    try {
      await codeAction.send('POST', agentApi.confirm(a.id), { code: code.trim() });
      void message.success(t('agents.code.confirmed'));
      await onChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setCodeBusy(null);
    }
  };
  const act = useModalState<Exclude<AuthorisationAction, 'confirm'>>();
  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadFile(agentApi.paper(a.id), file);
      void message.success(t('agents.auth.uploaded'));
      await onChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setUploading(false);
    }
  };
  const subject = act.subject;
  return (
    <Card size="small" data-testid="authorisation" title={<span style={{ whiteSpace: 'normal' }}>{a.applicant.name}</span>} extra={<Tag color={stateColours[a.state]}>{pick(authorisationStateLabels[a.state])}</Tag>}>
      <Typography.Paragraph style={{ marginBottom: 6 }}>
        <Typography.Text type="secondary">{t('agents.auth.no')}:</Typography.Text>
        <Typography.Text copyable>{a.authorisationNo}</Typography.Text>
        <br />
        <Typography.Text type="secondary">{t('agents.auth.matters')}:</Typography.Text>
        {a.matters.map((m) => m.name).join('、')}
        <br />
        <Typography.Text type="secondary">{t('agents.auth.powers')}:</Typography.Text>
        {a.powers.map((p) => pick(agentPowerLabels[p])).join('、')}
        <br />
        <Typography.Text type="secondary">{t('agents.auth.period')}:</Typography.Text>
        {a.validFrom} ~ {a.validUntil}
        {a.confirmedAt && a.confirmationMethod ? (
          <>
            <br />
            <Typography.Text type="secondary">{t('agents.auth.confirmed', { method: t(`agents.auth.method.${a.confirmationMethod}`), at: formatDateTime(a.confirmedAt) })}</Typography.Text>
          </>
        ) : null}
        {a.stateReason ? (
          <>
            <br />
            <Typography.Text type="secondary">
              {t('agents.auth.reason')}:{a.stateReason}
            </Typography.Text>
          </>
        ) : null}
      </Typography.Paragraph>
      <Space wrap size={[8, 8]}>
        <Link to={agentPaths.print(a.id)}>
          <Button size="small" icon={<PrinterOutlined />}>
            {t('agents.auth.print')}
          </Button>
        </Link>
        {a.hasPaperScan ? (
          <Button size="small" href={agentApi.paper(a.id)} target="_blank" rel="noreferrer">
            {t('agents.auth.viewScan')}
          </Button>
        ) : null}
        {manage && a.state === 'pending' ? (
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button size="small" type="primary" icon={<UploadOutlined />} loading={uploading} data-testid="upload-signed">
              {t('agents.auth.upload')}
            </Button>
          </Upload>
        ) : null}
        {manage
          ? a.possibleActions
              .filter((x): x is Exclude<AuthorisationAction, 'confirm'> => x !== 'confirm')
              .map((x) => (
                <Button key={x} size="small" danger={x === 'end'} onClick={() => act.show(x)}>
                  {t(`agents.auth.${x}`)}
                </Button>
              ))
          : null}
      </Space>
      {manage && a.state === 'pending' ? (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4, fontSize: 12 }}>
            {t('agents.auth.uploadHint')}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 12 }}>
            {t('agents.code.hint', { phone: a.applicant.phone })}
          </Typography.Paragraph>
          <Space wrap size={[8, 8]}>
            <Button size="small" onClick={() => void sendCode()} loading={codeBusy === 'send'} data-testid="send-code">
              {codeSent ? t('agents.code.resend') : t('agents.code.send')}
            </Button>
            {codeSent ? (
              <>
                <Input
                  size="small"
                  inputMode="numeric"
                  maxLength={6}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  placeholder={t('agents.code.placeholder')}
                  style={{ width: 120 }}
                  data-testid="confirm-code"
                  aria-label={t('agents.code.placeholder')}
                />
                <Button size="small" type="primary" disabled={!/^\d{6}$/.test(code.trim())} loading={codeBusy === 'confirm'} onClick={() => void confirmCode()} data-testid="confirm-code-button">
                  {t('agents.code.confirm')}
                </Button>
              </>
            ) : null}
          </Space>
          {codeSent?.demoCode ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0, fontSize: 12 }} data-testid="demo-code">
              {t('agents.code.demo', { code: codeSent.demoCode })}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
      <FormModal<{ reason?: string; validUntil?: string }>
        open={act.open}
        title={subject === 'renew' ? t('agents.auth.renewTitle', { no: a.authorisationNo }) : t('agents.auth.actionTitle', { action: subject ? pick(authorisationActionLabel(subject)) : '', no: a.authorisationNo })}
        successMessage={subject === 'renew' ? t('agents.auth.renewed') : t('agents.auth.done')}
        danger={subject === 'end'}
        initialValues={{ reason: '', validUntil: addDays(a.validUntil, 180) }}
        onClose={act.hide}
        onSubmit={async (values, action) => {
          if (subject === 'renew') await action.send('POST', agentApi.renewal(a.id), { validUntil: values.validUntil });
          else await action.send('POST', agentApi.actions(a.id), { action: subject, reason: values.reason ?? '' });
          await onChanged();
        }}
      >
        {subject === 'renew' ? (
          <Form.Item name="validUntil" label={t('agents.auth.renewUntil')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 180 }} />
          </Form.Item>
        ) : (
          <Form.Item name="reason" label={t('agents.auth.reason')} rules={[{ required: subject !== 'resume', whitespace: true, message: t('agents.auth.reasonRequired') }, { max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </FormModal>
    </Card>
  );
}

function Authorisations({ mine }: { mine: boolean }) {
  const { t } = useI18n();
  const path = mine ? agentApi.mine : agentApi.authorisations;
  const list = useResource<Authorisation[]>(path);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {list.data && list.data.length === 0 ? <Empty description={t('agents.auth.empty')} /> : null}
      {(list.data ?? []).map((a) => (
        <AuthorisationCard key={a.id} authorisation={a} manage={mine} onChanged={() => invalidate(path)} />
      ))}
    </Space>
  );
}

function FigureBlock({ title, figures }: { title: string; figures: NonNullable<AgentFigures['mine']> }) {
  const { t } = useI18n();
  const share = (n: number) => (figures.concluded > 0 ? `${Math.round((n / figures.concluded) * 1000) / 10}%` : '—');
  const items: [string, number | string][] = [
    [t('agents.figures.cases'), figures.cases],
    [t('agents.figures.running'), figures.running],
    [t('agents.figures.concluded'), figures.concluded],
    [t('agents.figures.zeroVisit'), share(figures.zeroVisit)],
    [t('agents.figures.delivered'), figures.delivered],
    [t('agents.figures.followedUp'), figures.followedUp],
    [t('agents.figures.dissatisfied'), figures.dissatisfied],
    [t('agents.figures.authorisations'), figures.authorisations.active + figures.authorisations.pending + figures.authorisations.suspended + figures.authorisations.renewed + figures.authorisations.ended],
  ];
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <Row gutter={[12, 12]}>
        {items.map(([label, value]) => (
          <Col key={label} xs={12} sm={8} md={6}>
            <Statistic title={label} value={value} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function Figures() {
  const { t } = useI18n();
  const figures = useResource<AgentFigures>(agentApi.figures);
  if (figures.error) return <LoadError error={figures.error} onRetry={figures.reload} />;
  if (!figures.data) return null;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('agents.figures.since', { since: figures.data.since })}</Typography.Paragraph>
      {figures.data.mine ? <FigureBlock title={t('agents.figures.mine')} figures={figures.data.mine} /> : null}
      <FigureBlock title={t('agents.figures.area', { area: figures.data.areaName })} figures={figures.data.area} />
    </>
  );
}
