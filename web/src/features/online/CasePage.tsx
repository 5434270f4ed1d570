/**
 * One of the applicant's cases: its status and steps in plain words, the one correction notice
 * answered here (upload, resubmit), deferred materials uploaded here, the delivery asked for, the
 * tracking number once sent, the e-licence download (a verified binding only), and the visits: zero.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { Alert, App as AntApp, Button, Descriptions, Input, Popconfirm, Tag } from 'antd';
import { Action, downloadFile } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin, LoadError } from '../../shared/states.tsx';
import { onlineApi, onlinePaths, type ApplicantMe, type DeliveryChoice, type OnlineCase } from './api.ts';
import { SignedIn } from './OnlineLayout.tsx';
import { CaseSteps, DeliveryForm, MaterialRow } from './parts.tsx';
import { CaseRatingLine } from '../ratings/OnlineCaseRating.tsx';

export default function CasePage() {
  return <SignedIn>{(me) => <CaseView me={me} />}</SignedIn>;
}

function CaseView({ me }: { me: ApplicantMe }) {
  const { id = '' } = useParams();
  const { t, pick, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const [c, setC] = useState<OnlineCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [delivery, setDelivery] = useState<DeliveryChoice | null>(null);
  const [reason, setReason] = useState('');
  const [actions] = useState(() => ({ resubmit: new Action(), delivery: new Action(), withdraw: new Action() }));

  const load = useCallback(() => {
    setError(null);
    onlineApi
      .get(id)
      .then((loaded) => {
        setC(loaded);
        setDelivery((loaded.deliveryChoice as DeliveryChoice | null) ?? null);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);

  if (error) return <LoadError error={error} onRetry={load} />;
  if (!c) return <FullPageSpin />;
  if (c.status === 'draft') return <Navigate to={onlinePaths.apply(c.id)} replace />;

  const run = async (work: () => Promise<OnlineCase | null>) => {
    try {
      const next = await work();
      if (next) setC(next);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const correcting = c.status === 'needs_correction';
  const deferred = c.materials.filter((m) => m.state === 'deferred');
  // Files given before the correction notice are what it was about: they stay on file (the server refuses removing them).
  const noticeAt = correcting ? Math.max(0, ...c.steps.filter((s) => s.step === 'correction').map((s) => new Date(s.at).getTime())) : 0;
  const deliveryOpen = !['delivered', 'archived', 'refused', 'withdrawn', 'terminated'].includes(c.status);

  return (
    <>
      <Link to={onlinePaths.mine}>← {t('online.nav.mine')}</Link>
      <h1 style={{ fontSize: 20, margin: '8px 0 4px' }}>{c.itemName}</h1>
      <div className="ol-row" style={{ justifyContent: 'flex-start' }}>
        <Tag color={correcting ? 'orange' : c.status === 'refused' ? 'red' : 'blue'} data-testid="case-status">
          {pick(c.statusLabel)}
        </Tag>
        <span className="ol-muted" data-testid="case-no" data-case-no={c.caseNo ?? ''}>
          {t('online.case.caseNo', { caseNo: c.caseNo ?? '' })}
        </span>
      </div>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('online.case.visits')}>
          <span data-testid="visits">{c.visits}</span>
        </Descriptions.Item>
        {c.dueDate ? <Descriptions.Item label={t('online.case.due')}>{c.dueDate}</Descriptions.Item> : null}
      </Descriptions>

      {correcting && c.correction ? (
        <div className="ol-card" style={{ borderColor: '#ffbb96' }} data-testid="correction">
          <h2>{t('online.case.correction')}</h2>
          <p className="ol-muted">{t('online.case.correctionHint')}</p>
          <ul>
            {c.correction.missing.map((m) => (
              <li key={m.key}>{m.name}</li>
            ))}
          </ul>
          {c.correction.note ? <p>{c.correction.note}</p> : null}
          {c.materials
            .filter((m) => c.correction!.missing.some((x) => x.key === m.key) || m.state === 'missing')
            .map((m) => (
              <MaterialRow key={m.key} c={c} material={m} onChange={setC} removable={(f) => !noticeAt || new Date(f.uploadedAt).getTime() > noticeAt} />
            ))}
          <div className="ol-actions">
            <Button type="primary" size="large" onClick={() => void run(() => onlineApi.resubmit(actions.resubmit, c.id))} data-testid="resubmit">
              {t('online.case.resubmit')}
            </Button>
          </div>
        </div>
      ) : null}

      {c.refusal ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={`${t('online.case.refused')}:${c.refusal.reason}`} description={t('online.case.basis', { basis: c.refusal.legalBasis })} /> : null}

      {deferred.length > 0 ? (
        <div className="ol-card">
          <h2>{t('online.case.deferredHint')}</h2>
          {deferred.map((m) => (
            <MaterialRow key={m.key} c={c} material={m} onChange={setC} removable={false} />
          ))}
        </div>
      ) : null}

      <CaseRatingLine caseId={c.id} status={c.status} />

      <div className="ol-card">
        <h2>{t('online.case.steps')}</h2>
        <CaseSteps c={c} />
      </div>

      {c.licences.length > 0 ? (
        <div className="ol-card">
          <h2>{t('online.case.licences')}</h2>
          {!me.account.verified ? <Alert type="warning" showIcon message={t('online.unverified')} style={{ marginBottom: 8 }} /> : null}
          {c.licences.map((l) => (
            <div key={l.identifier} className="ol-row">
              <span>{l.licenceType}</span>
              <Button disabled={!me.account.verified} onClick={() => void downloadFile(onlineApi.licencePath(c.id, l.identifier), `${l.licenceType}.pdf`).catch((e: unknown) => message.error(errorText(e)))}>
                {t('online.case.download')}
              </Button>
            </div>
          ))}
        </div>
      ) : null}

      {deliveryOpen ? (
        <div className="ol-card">
          <h2>{t('online.apply.delivery')}</h2>
          <DeliveryForm value={delivery} onChange={setDelivery} defaultAddress="" />
          <div className="ol-actions">
            <Button disabled={!delivery} onClick={() => void run(() => onlineApi.save(actions.delivery, c.id, { delivery }))}>
              {t('online.delivery.save')}
            </Button>
          </div>
        </div>
      ) : null}

      {c.available.includes('withdraw') ? (
        <div className="ol-actions">
          <Input placeholder={t('online.case.withdrawReason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ flex: '1 1 200px', maxWidth: 360 }} />
          <Popconfirm title={t('online.case.withdraw')} onConfirm={() => void run(async () => (await onlineApi.withdraw(actions.withdraw, c.id, reason || '申请人撤回')).case)}>
            <Button danger>{t('online.case.withdraw')}</Button>
          </Popconfirm>
        </div>
      ) : null}
    </>
  );
}
