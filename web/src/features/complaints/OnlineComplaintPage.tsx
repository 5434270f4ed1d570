/**
 * 投诉建议 (`/online/complaint`), in the online area, phone first: a signed-in applicant files a
 * complaint, consultation, request for help or report about a service center, follows their own
 * with the promised answer time, and rates the handling once it is closed.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Empty, Form, Input, Radio, Select, Tag } from 'antd';
import { complaintStateLabels } from '../../../../src/domain/complaint.ts';
import { complaintCategories, complaintCategoryLabels, ratingLevelLabels, ratingLevels, type RatingLevel } from '../../../../src/domain/rating.ts';
import type { PublicCenter } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { SignedIn } from '../online/OnlineLayout.tsx';
import { dueShown } from './ClockTag.tsx';
import { complaintApi, type Complaint, type ComplaintPage } from './model.ts';

interface Values {
  category: Complaint['category'];
  centerId: string;
  subject: string;
  content: string;
  anonymous: boolean;
  caseNo?: string;
}

export default function OnlineComplaintPage() {
  return <SignedIn>{() => <Content />}</SignedIn>;
}

function Content() {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const centers = useResource<PublicCenter[]>('/api/hall/centers');
  const action = useAction();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const center = centers.data?.find((c) => c.id === v.centerId);
      const created = await action.send<Complaint>('POST', complaintApi.own, {
        category: v.category,
        subject: v.subject,
        content: v.content,
        anonymous: v.anonymous,
        ...(center ? { regionCode: center.regionCode } : {}),
        ...(v.caseNo?.trim() ? { caseNo: v.caseNo.trim() } : {}),
      });
      void message.success(t('complaints.online.done', { no: created.complaintNo }));
      form.resetFields();
      await invalidate(complaintApi.own);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const required = { required: true, whitespace: true, message: t('complaints.receive.required') };
  return (
    <>
      <div className="ol-card">
        <h2>{t('complaints.online.title')}</h2>
        <p className="ol-muted">{t('complaints.online.intro')}</p>
        {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
        <Form<Values> form={form} layout="vertical" initialValues={{ category: 'complaint', anonymous: false }} onFinish={submit} disabled={busy} data-testid="online-complaint-form">
          {error ? (
            <p role="alert" style={{ color: '#cf1322' }}>
              {errorText(error)}
            </p>
          ) : null}
          <Form.Item name="category" label={t('complaints.receive.category')}>
            <Radio.Group optionType="button" buttonStyle="solid" options={complaintCategories.map((c) => ({ value: c, label: pick(complaintCategoryLabels[c]) }))} />
          </Form.Item>
          <Form.Item name="centerId" label={t('complaints.online.where')} rules={[{ required: true, message: t('complaints.receive.required') }]}>
            <Select size="large" data-testid="complaint-center" options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="subject" label={t('complaints.receive.subject')} rules={[required, { max: 100 }]}>
            <Input size="large" />
          </Form.Item>
          <Form.Item name="content" label={t('complaints.receive.content')} rules={[required, { min: 5, message: t('complaints.receive.contentMin') }, { max: 4000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="caseNo" label={t('complaints.receive.caseNo')} rules={[{ max: 40 }]}>
            <Input size="large" />
          </Form.Item>
          <Form.Item name="anonymous" valuePropName="checked">
            <Checkbox>{t('complaints.receive.anonymous')}</Checkbox>
          </Form.Item>
          <div className="ol-actions">
            <Button type="primary" htmlType="submit" size="large" loading={busy}>
              {t('complaints.online.submit')}
            </Button>
          </div>
        </Form>
      </div>
      <Mine />
    </>
  );
}

function Mine() {
  const { t, pick, formatDateTime } = useI18n();
  const mine = useResource<ComplaintPage>(complaintApi.own);
  if (mine.error) return <LoadError error={mine.error} onRetry={mine.reload} />;
  return (
    <div className="ol-card" data-testid="my-complaints">
      <h2>{t('complaints.online.mine')}</h2>
      {mine.data && mine.data.items.length === 0 ? <Empty description={t('complaints.online.empty')} /> : null}
      {(mine.data?.items ?? []).map((c) => (
        <div key={c.id} style={{ borderTop: '1px solid #eef1f5', padding: '10px 0' }} data-testid="my-complaint">
          <div className="ol-row">
            <strong>{c.subject}</strong>
            <Tag color={c.state === 'rated' || c.state === 'closed' || c.state === 'revisited' ? 'green' : 'blue'}>{pick(complaintStateLabels[c.state])}</Tag>
          </div>
          <div className="ol-muted">
            {c.complaintNo} · {pick(complaintCategoryLabels[c.category])} · {formatDateTime(c.receivedAt)}
          </div>
          {c.closedAt ? null : <div className="ol-muted">{t('complaints.online.due', { at: dueShown(formatDateTime, c.whole.dueAt) })}</div>}
          {c.answer ? <p style={{ margin: '6px 0' }}>{c.answer}</p> : null}
          {c.satisfaction ? <div className="ol-muted">{t('complaints.online.rated', { level: pick(ratingLevelLabels[c.satisfaction]) })}</div> : null}
          {c.possibleActions.includes('rate') ? <RateOwn id={c.id} /> : null}
        </div>
      ))}
    </div>
  );
}

function RateOwn({ id }: { id: string }) {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const action = useAction();
  const [level, setLevel] = useState<RatingLevel>('satisfied');
  const [busy, setBusy] = useState(false);
  const rate = async () => {
    setBusy(true);
    try {
      await action.send('POST', complaintApi.ownRating(id), { satisfaction: level });
      await invalidate(complaintApi.own);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginTop: 8 }}>
      <Radio.Group value={level} onChange={(e) => setLevel(e.target.value)} options={ratingLevels.map((l) => ({ value: l, label: pick(ratingLevelLabels[l]) }))} />
      <div className="ol-actions">
        <Button type="primary" onClick={() => void rate()} loading={busy}>
          {t('complaints.online.rate')}
        </Button>
      </div>
    </div>
  );
}
