/** 我的办件: the applicant's cases (their own, or the business's they act for), drafts included, newest first. */
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Empty, Tag } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { FullPageSpin, LoadError } from '../../shared/states.tsx';
import { onlineApi, onlinePaths, type MyCase } from './api.ts';
import { SignedIn } from './OnlineLayout.tsx';

export default function MyCasesPage() {
  return <SignedIn>{() => <MyCases />}</SignedIn>;
}

function MyCases() {
  const { t, pick, formatDateTime } = useI18n();
  const [cases, setCases] = useState<MyCase[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    onlineApi.mine().then(setCases).catch(setError);
  }, []);
  useEffect(load, [load]);
  if (error) return <LoadError error={error} onRetry={load} />;
  if (!cases) return <FullPageSpin />;
  return (
    <>
      <h1 style={{ fontSize: 22, margin: '4px 0' }}>{t('online.mine.title')}</h1>
      {cases.length === 0 ? <Empty description={t('online.mine.empty')} /> : null}
      {cases.map((c) => {
        const draft = c.status === 'draft';
        return (
          <div className="ol-card" key={c.id} data-testid={`my-case-${c.id}`}>
            <div className="ol-row">
              <div style={{ minWidth: 0 }}>
                <div style={{ fontWeight: 600 }}>{c.itemName}</div>
                <div className="ol-muted">{draft ? t('online.apply.expires', { date: c.expiresAt ? formatDateTime(c.expiresAt) : '' }) : t('online.case.caseNo', { caseNo: c.caseNo })}</div>
                <Tag color={draft ? 'default' : c.status === 'needs_correction' ? 'orange' : c.status === 'refused' ? 'red' : 'blue'} style={{ marginTop: 6 }}>
                  {pick(c.statusLabel)}
                </Tag>
              </div>
              <Link to={draft ? onlinePaths.apply(c.id) : onlinePaths.case(c.id)}>
                <Button type={draft || c.status === 'needs_correction' ? 'primary' : 'default'}>{draft ? t('online.mine.continue') : t('online.mine.view')}</Button>
              </Link>
            </div>
          </div>
        );
      })}
    </>
  );
}
