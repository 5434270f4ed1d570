/**
 * The catalog editor's 结果公示 setting of one published item (catalog.edit): whether its approved
 * results go on the centers' 公示 pages, as licences granted or as an assistance list, and for how
 * many natural days a list shows each result. Saved on its own, apart from the item's versions:
 * it changes what the public pages show at once, not the guide.
 */
import { Alert, App, Button, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { publicationKindLabels, publicationKinds, defaultListPeriodDays, type PublicationKind } from '../../../../src/domain/publicity.ts';
import { useI18n } from '../../i18n.tsx';
import { invalidate, useAction, useResource } from '../../shared/resource.ts';
import type { PublicationSettingDto } from '../../../../src/http/contracts/publicity.ts';

const settingsPath = '/api/catalog/publicity';

export function PublicationPanel({ code }: { code: string }) {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const settings = useResource<PublicationSettingDto[]>(settingsPath);
  const current = settings.data?.find((s) => s.implementationCode === code);
  const action = useAction();
  const [published, setPublished] = useState(false);
  const [kind, setKind] = useState<PublicationKind>('licence_granted');
  const [periodDays, setPeriodDays] = useState<number>(defaultListPeriodDays);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!current) return;
    setPublished(current.published);
    setKind(current.kind);
    setPeriodDays(current.periodDays ?? defaultListPeriodDays);
  }, [current]);

  if (!current) return null;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await action.send('PUT', `/api/items/${encodeURIComponent(code)}/publicity`, { published, kind, periodDays: kind === 'assistance_list' ? periodDays : null });
      void message.success(t('publicity.admin.saved'));
      await invalidate(settingsPath);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      data-testid="publication-panel"
      role="group"
      aria-label={t('publicity.admin.title')}
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '8px 12px', marginBottom: 8, border: '1px solid #e8ecf2', borderRadius: 6, background: '#fafbfd' }}
    >
      <Typography.Text strong>{t('publicity.admin.title')}</Typography.Text>
      <Switch aria-label={t('publicity.admin.publish')} checked={published} onChange={setPublished} checkedChildren={t('publicity.admin.on')} unCheckedChildren={t('publicity.admin.off')} />
      <Space wrap>
        <Select<PublicationKind>
          aria-label={t('publicity.admin.kind')}
          style={{ minWidth: 200 }}
          disabled={!published}
          value={kind}
          onChange={setKind}
          options={publicationKinds.map((k) => ({ value: k, label: pick(publicationKindLabels[k]) }))}
        />
        {kind === 'assistance_list' ? (
          <InputNumber aria-label={t('publicity.admin.period')} disabled={!published} min={1} max={366} value={periodDays} onChange={(v) => setPeriodDays(v ?? defaultListPeriodDays)} suffix={t('publicity.admin.days')} />
        ) : null}
        <Button size="small" type="primary" ghost loading={busy} onClick={() => void save()}>
          {t('publicity.admin.save')}
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 'auto' }}>
        {t('publicity.admin.hint')}
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={errorText(error)} role="alert" style={{ width: '100%' }} /> : null}
    </div>
  );
}
