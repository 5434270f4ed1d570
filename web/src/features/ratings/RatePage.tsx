/**
 * 网上一事一评 by the SMS link (`/rate/:token`), phone first: the case's summary, the five levels,
 * the online form's indicators and tags, a comment, anonymous or not; a rated case shows its
 * rating and 修改 until the change period ends. Also the signed-in applicant's in-app form (`apiPath`).
 */
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Result, Spin } from 'antd';
import { Action, api, ApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { levelLabels, RatingForm, type Level, type RatingFormDef, type RatingValue } from './RatingForm.tsx';

interface CaseRating {
  caseNo: string;
  itemName: string;
  applicantMasked: string;
  concludedOn: string | null;
  form: RatingFormDef;
  rating: { level: Level; indicators: Record<string, Level>; tags: string[]; comment: string; anonymous: boolean; givenAt: string; changeUntil: string; changeable: boolean } | null;
}

export function CaseRatingView({ apiPath }: { apiPath: string }) {
  const { t, pick, locale, errorText } = useI18n();
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
      setError({ status: e instanceof ApiError ? e.status : 0, message: errorText(e) });
    }
  }, [apiPath, errorText]);
  useEffect(() => void load(), [load]);

  if (error && !data) return <Result status={error.status === 410 ? 'warning' : '404'} title={error.status === 410 ? t('ratings.rate.expired') : t('ratings.rate.invalid')} subTitle={error.message} />;
  if (!data) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;

  const submit = async (value: RatingValue) => {
    setBusy(true);
    try {
      setData(await action.send<CaseRating>('POST', apiPath, value));
      setEditing(false);
      setThanks(true);
      setError(null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const tagWord = (k: string) => {
    const tag = data.form.tags.find((x) => x.key === k);
    return tag ? pick(tag) : k;
  };
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 16, fontSize: 16 }}>
      <Card size="small" title={t('ratings.rate.title')} style={{ marginBottom: 16 }}>
        <div style={{ fontSize: 18, fontWeight: 600 }}>{data.itemName}</div>
        <div>{t('ratings.rate.caseNo', { caseNo: data.caseNo })}</div>
        <div>{t('ratings.rate.applicant', { name: data.applicantMasked })}</div>
        {data.concludedOn && <div>{t('ratings.rate.concluded', { date: data.concludedOn })}</div>}
      </Card>
      {error && <div style={{ color: '#cf1322', marginBottom: 12 }}>{error.message}</div>}
      {thanks && (
        <div data-testid="rate-thanks" style={{ fontSize: 22, fontWeight: 700, color: '#237804', marginBottom: 12 }}>
          {t('ratings.rate.thanks')}
        </div>
      )}
      {data.rating && !editing ? (
        <Card size="small" title={t('ratings.rate.yours')}>
          <div data-testid="given-level" style={{ fontSize: 22, fontWeight: 700 }}>
            {pick(levelLabels[data.rating.level])}
          </div>
          {data.rating.tags.length > 0 && <div>{t('ratings.rate.tags', { tags: data.rating.tags.map(tagWord).join(locale === 'zh' ? '、' : ', ') })}</div>}
          {data.rating.comment && <div>{t('ratings.rate.comment', { comment: data.rating.comment })}</div>}
          <div>{data.rating.anonymous ? t('ratings.form.anonymous') : t('ratings.form.realName')}</div>
          {data.rating.changeable && (
            <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
              {t('ratings.rate.change', { until: new Date(data.rating.changeUntil).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone: 'Asia/Shanghai' }) })}
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
