/**
 * 我要办: the guide's own search (GET /api/items), narrowed to what is offered online; 网上申请
 * starts a draft (the form filled from the profile) and opens it. Signed in, the 一件事 whose members
 * are all offered online come first (GET /api/online/offer): one application for all of them.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App as AntApp, Button, Empty, Input, Tag } from 'antd';
import { Action, guideApi, type ItemSummary } from '../../api.ts';
import { isOfferedOnline } from '../../../../src/domain/online.ts';
import { channelLabels } from '../../../../src/domain/catalog.ts';
import { useI18n } from '../../i18n.tsx';
import { LoadError } from '../../shared/states.tsx';
import { onlineApi, onlinePaths, type OnlineOffer } from './api.ts';
import { useApplicant } from './OnlineLayout.tsx';

export default function PickerPage() {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { state } = useApplicant();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState<string | null>(null);
  const [action] = useState(() => new Action());
  const [bundles, setBundles] = useState<OnlineOffer['bundles']>([]);
  const signedIn = state.status === 'signed-in';

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    onlineApi.offer().then(
      (offer) => live && setBundles(offer.bundles),
      () => live && setBundles([]),
    );
    return () => {
      live = false;
    };
  }, [signedIn]);

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    guideApi
      .searchItems({ q: query || undefined, limit: 50 }, abort.signal)
      .then((result) => setItems(result.items.filter((i) => isOfferedOnline(i.channels))))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      });
    return () => abort.abort();
  }, [query]);

  const apply = async (code: string, bundle = false) => {
    if (state.status !== 'signed-in') {
      window.location.assign(onlinePaths.loginFrom(onlinePaths.picker));
      return;
    }
    setStarting(code);
    try {
      const phone = window.matchMedia?.('(max-width: 768px)').matches ?? true;
      const channel = phone ? 'mobile' : 'web';
      const draft = bundle ? await onlineApi.startBundle(action, code, channel) : await onlineApi.start(action, code, channel);
      navigate(onlinePaths.apply(draft.id));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setStarting(null);
    }
  };

  return (
    <>
      <h1 style={{ fontSize: 22, margin: '4px 0' }}>{t('online.picker.title')}</h1>
      <p className="ol-muted">{t('online.picker.intro')}</p>
      <Input.Search
        size="large"
        allowClear
        enterButton={t('guide.search.button')}
        placeholder={t('online.picker.placeholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => setQuery(value.trim())}
        aria-label={t('guide.search.label')}
      />
      <p className="ol-muted" style={{ marginTop: 6 }}>
        {t('online.picker.onlineOnly')}
      </p>
      {bundles.length > 0 && !query ? <h2 style={{ fontSize: 17, margin: '16px 0 0' }}>{t('online.picker.bundles')}</h2> : null}
      {(query ? [] : bundles).map((bundle) => (
        <div className="ol-card" key={bundle.code} data-testid={`online-bundle-${bundle.code}`}>
          <div className="ol-row">
            <div style={{ minWidth: 0 }}>
              <div style={{ fontSize: 16, fontWeight: 600 }}>{bundle.name}</div>
              <div className="ol-muted">{t('online.picker.bundleItems', { count: bundle.itemCodes.length, days: bundle.promisedDays })}</div>
            </div>
            <div style={{ display: 'flex', gap: 8 }}>
              <Link to={`/guide/bundles/${encodeURIComponent(bundle.code)}`}>
                <Button>{t('online.picker.guide')}</Button>
              </Link>
              <Button type="primary" loading={starting === bundle.code} onClick={() => void apply(bundle.code, true)}>
                {t('online.picker.apply')}
              </Button>
            </div>
          </div>
        </div>
      ))}
      {error ? <LoadError error={error} onRetry={() => setQuery((v) => `${v}`)} /> : null}
      {items && items.length === 0 ? <Empty description={t('online.picker.none')} /> : null}
      {(items ?? []).map((item) => (
        <div className="ol-card" key={item.implementationCode} data-testid={`online-item-${item.implementationCode}`}>
          <div className="ol-row">
            <div style={{ minWidth: 0 }}>
              <div style={{ fontSize: 16, fontWeight: 600 }}>{item.name}</div>
              <div className="ol-muted">{item.departmentName}</div>
              <div style={{ marginTop: 6 }}>
                {item.channels.map((c) => (
                  <Tag key={c}>{channelLabels[c]}</Tag>
                ))}
                {item.visitsRequired === 0 ? <Tag color="green">{t('guide.visits.zero')}</Tag> : null}
              </div>
            </div>
            <div style={{ display: 'flex', gap: 8 }}>
              <Link to={`/guide/items/${encodeURIComponent(item.implementationCode)}`}>
                <Button>{t('online.picker.guide')}</Button>
              </Link>
              <Button type="primary" loading={starting === item.implementationCode} onClick={() => void apply(item.implementationCode)}>
                {t('online.picker.apply')}
              </Button>
            </div>
          </div>
        </div>
      ))}
    </>
  );
}
