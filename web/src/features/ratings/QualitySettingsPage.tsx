/**
 * 好差评设置 (`/quality/settings`): a region's time limits for ratings, bad-rating rectification and
 * complaints. Shows the settings in force (the region's own, inherited from an ancestor, or the
 * defaults) beside the defaults; saving writes the region's own row. Administrators only.
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Grid, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import { Action, api, type Region } from '../../api.ts';
import { grantsWith } from '../../app/capabilities.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';

interface Settings {
  defaultRatingDays: number | null;
  changeHours: number;
  reportBackDays: number;
  rectifyDays: number;
  revisitDays: number;
  consultationDays: number;
  complaintDays: number;
  stepDays: number;
}

interface InForce {
  regionCode: string;
  from: string | null;
  settings: Settings;
  defaults: Settings;
}

type Unit = 'natural' | 'hours' | 'working';
const fields: { key: keyof Settings; unit: Unit; min: number; max: number }[] = [
  { key: 'defaultRatingDays', unit: 'natural', min: 1, max: 60 },
  { key: 'changeHours', unit: 'hours', min: 0, max: 720 },
  { key: 'reportBackDays', unit: 'working', min: 1, max: 60 },
  { key: 'rectifyDays', unit: 'working', min: 1, max: 120 },
  { key: 'revisitDays', unit: 'working', min: 1, max: 60 },
  { key: 'consultationDays', unit: 'working', min: 1, max: 60 },
  { key: 'complaintDays', unit: 'working', min: 1, max: 120 },
  { key: 'stepDays', unit: 'working', min: 1, max: 30 },
];

export default function QualitySettingsPage() {
  const { staff } = useStaff();
  const { t, errorText } = useI18n();
  const unit = (u: Unit) => t(`ratings.settings.unit.${u}`);
  const label = (key: keyof Settings) => t(`ratings.settings.${key}`);
  const { message } = AntApp.useApp();
  const [regions, setRegions] = useState<Region[]>([]);
  const [code, setCode] = useState<string | undefined>(() => grantsWith(staff.grants, 'quality.settings').find((g) => g.departmentId === null)?.regionCode);
  const [inForce, setInForce] = useState<InForce | null>(null);
  const [values, setValues] = useState<Settings | null>(null);
  const [saving, setSaving] = useState(false);
  const [action] = useState(() => new Action());

  useEffect(() => {
    void api.get<Region[]>('/api/regions').then((all) => {
      const mine = grantsWith(staff.grants, 'quality.settings').filter((g) => g.departmentId === null);
      const paths = mine.map((g) => all.find((r) => r.code === g.regionCode)?.path).filter((p): p is string => !!p);
      setRegions(all.filter((r) => paths.some((p) => r.path === p || r.path.startsWith(`${p}.`))));
    });
  }, [staff.grants]);

  useEffect(() => {
    if (!code) return;
    void api
      .get<InForce>(`/api/quality/settings/${code}`)
      .then((found) => {
        setInForce(found);
        setValues(found.settings);
      })
      .catch((e: unknown) => message.error(errorText(e)));
  }, [code, message, errorText]);

  const save = async () => {
    if (!code || !values) return;
    setSaving(true);
    try {
      const saved = await action.send<InForce>('PUT', `/api/quality/settings/${code}`, values);
      setInForce(saved);
      setValues(saved.settings);
      message.success(t('ratings.settings.saved'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const regionName = (c: string | null) => regions.find((r) => r.code === c)?.name ?? c ?? '';
  // On a phone the defaults' column goes: each default is written under its limit's name instead.
  const narrow = !Grid.useBreakpoint().md;
  const defaultOf = (f: (typeof fields)[number]) => {
    const d = inForce?.defaults[f.key];
    return d === null || d === undefined ? t('ratings.settings.none') : `${d} ${unit(f.unit)}`;
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('ratings.settings.title')}
      </Typography.Title>
      <Select
        aria-label={t('ratings.settings.region')}
        data-testid="quality-region"
        showSearch
        optionFilterProp="label"
        style={{ width: '100%', maxWidth: 320 }}
        value={code}
        onChange={setCode}
        options={regions.map((r) => ({ value: r.code, label: r.name }))}
      />
      {inForce && values ? (
        <Card>
          <Alert
            style={{ marginBottom: 16 }}
            type="info"
            showIcon
            data-testid="quality-from"
            message={inForce.from === null ? t('ratings.settings.fromDefaults') : inForce.from === inForce.regionCode ? t('ratings.settings.fromOwn') : t('ratings.settings.fromAncestor', { region: regionName(inForce.from) })}
          />
          <Form layout="vertical" onFinish={() => void save()}>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              columns={[
                {
                  title: t('ratings.settings.limit'),
                  render: (_: unknown, f: (typeof fields)[number]) =>
                    narrow ? (
                      <Space direction="vertical" size={0}>
                        {label(f.key)}
                        <Typography.Text type="secondary">
                          {t('ratings.settings.default')}: {defaultOf(f)}
                        </Typography.Text>
                      </Space>
                    ) : (
                      label(f.key)
                    ),
                },
                {
                  title: t('ratings.settings.value'),
                  render: (_: unknown, f: (typeof fields)[number]) =>
                    f.key === 'defaultRatingDays' ? (
                      <Space>
                        <Switch
                          aria-label={t('ratings.settings.enableDefault')}
                          checked={values.defaultRatingDays !== null}
                          onChange={(on) => setValues({ ...values, defaultRatingDays: on ? (inForce.defaults.defaultRatingDays ?? 7) : null })}
                        />
                        {values.defaultRatingDays !== null ? (
                          <InputNumber aria-label={label(f.key)} min={f.min} max={f.max} value={values.defaultRatingDays} onChange={(v) => setValues({ ...values, defaultRatingDays: v ?? f.min })} addonAfter={unit(f.unit)} />
                        ) : (
                          <span>{t('ratings.settings.noDefault')}</span>
                        )}
                      </Space>
                    ) : (
                      <InputNumber
                        aria-label={label(f.key)}
                        data-testid={`quality-${f.key}`}
                        min={f.min}
                        max={f.max}
                        value={values[f.key] as number}
                        onChange={(v) => setValues({ ...values, [f.key]: v ?? f.min })}
                        addonAfter={unit(f.unit)}
                      />
                    ),
                },
                ...(narrow ? [] : [{ title: t('ratings.settings.default'), render: (_: unknown, f: (typeof fields)[number]) => defaultOf(f) }]),
              ]}
            />
            <Button type="primary" htmlType="submit" loading={saving} style={{ marginTop: 16 }} data-testid="quality-save">
              {t('ratings.settings.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}
