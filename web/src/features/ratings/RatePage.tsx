/**
 * 网上一事一评 by the SMS link (`/rate/:token`), phone first: the case's summary, the five levels,
 * the online form's indicators and tags, a comment, anonymous or not; a rated case shows its
 * rating and 修改 until the change period ends. Also the signed-in applicant's in-app form (`apiPath`).
 */
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Result, Spin } from 'antd';
import { Action, api, ApiError } from '../../api.ts';
import { levelWords, RatingForm, type Level, type RatingFormDef, type RatingValue } from './RatingForm.tsx';

interface CaseRating {
  caseNo: string;
  itemName: string;
  applicantMasked: string;
  concludedOn: string | null;
  form: RatingFormDef;
  rating: { level: Level; indicators: Record<string, Level>; tags: string[]; comment: string; anonymous: boolean; givenAt: string; changeUntil: string; changeable: boolean } | null;
}

export function CaseRatingView({ apiPath }: { apiPath: string }) {
  const [data, setData] = useState<CaseRating | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [action] = useState(() => new Action());
  const load = useCallback(async () => {
    try {
      setData(await api.get<CaseRating>(apiPath));
    } catch (e) {
      setError(e instanceof ApiError ? { status: e.status, message: e.message } : { status: 0, message: String(e) });
    }
  }, [apiPath]);
  useEffect(() => void load(), [load]);

  if (error && !data) return <Result status={error.status === 410 ? 'warning' : '404'} title={error.status === 410 ? '评价链接已过期' : '评价链接无效'} subTitle={error.message} />;
  if (!data) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;

  const submit = async (value: RatingValue) => {
    setBusy(true);
    try {
      setData(await action.send<CaseRating>('POST', apiPath, value));
      setEditing(false);
      setThanks(true);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? { status: e.status, message: e.message } : { status: 0, message: String(e) });
    } finally {
      setBusy(false);
    }
  };
  const tagWord = (k: string) => data.form.tags.find((t) => t.key === k)?.zh ?? k;
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 16, fontSize: 16 }}>
      <Card size="small" title="办件评价" style={{ marginBottom: 16 }}>
        <div style={{ fontSize: 18, fontWeight: 600 }}>{data.itemName}</div>
        <div>办件编号:{data.caseNo}</div>
        <div>申请人:{data.applicantMasked}</div>
        {data.concludedOn && <div>办结日期:{data.concludedOn}</div>}
      </Card>
      {error && <div style={{ color: '#cf1322', marginBottom: 12 }}>{error.message}</div>}
      {thanks && (
        <div data-testid="rate-thanks" style={{ fontSize: 22, fontWeight: 700, color: '#237804', marginBottom: 12 }}>
          感谢您的评价!
        </div>
      )}
      {data.rating && !editing ? (
        <Card size="small" title="您的评价">
          <div data-testid="given-level" style={{ fontSize: 22, fontWeight: 700 }}>
            {levelWords[data.rating.level]}
          </div>
          {data.rating.tags.length > 0 && <div>标签:{data.rating.tags.map(tagWord).join('、')}</div>}
          {data.rating.comment && <div>意见:{data.rating.comment}</div>}
          <div>{data.rating.anonymous ? '匿名评价' : '实名评价'}</div>
          {data.rating.changeable && (
            <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
              修改(可修改至 {new Date(data.rating.changeUntil).toLocaleString('zh-CN', { hour12: false })})
            </Button>
          )}
        </Card>
      ) : (
        <RatingForm form={data.form} size="phone" busy={busy} initial={data.rating ?? undefined} onSubmit={(v) => void submit(v)} />
      )}
    </div>
  );
}

export default function RatePage() {
  const { token = '' } = useParams();
  return <CaseRatingView apiPath={`/api/rate/${encodeURIComponent(token)}`} />;
}
