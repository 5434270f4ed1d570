/**
 * 好差评设置 (`/quality/settings`): a region's time limits for ratings, bad-rating rectification and
 * complaints. Shows the settings in force (the region's own, inherited from an ancestor, or the
 * defaults) beside the defaults; saving writes the region's own row. Administrators only.
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
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

const fields: { key: keyof Settings; label: string; unit: string; min: number; max: number }[] = [
  { key: 'defaultRatingDays', label: '办结后未评价视为“基本满意”', unit: '自然日', min: 1, max: 60 },
  { key: 'changeHours', label: '评价后可修改', unit: '小时', min: 0, max: 720 },
  { key: 'reportBackDays', label: '差评核实反馈', unit: '工作日', min: 1, max: 60 },
  { key: 'rectifyDays', label: '差评整改', unit: '工作日', min: 1, max: 120 },
  { key: 'revisitDays', label: '整改后回访', unit: '工作日', min: 1, max: 60 },
  { key: 'consultationDays', label: '咨询、求助办理', unit: '工作日', min: 1, max: 60 },
  { key: 'complaintDays', label: '投诉、举报办理', unit: '工作日', min: 1, max: 120 },
  { key: 'stepDays', label: '投诉单个环节办理', unit: '工作日', min: 1, max: 30 },
];

export default function QualitySettingsPage() {
  const { staff } = useStaff();
  const { errorText } = useI18n();
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
      message.success('已保存');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const regionName = (c: string | null) => regions.find((r) => r.code === c)?.name ?? c ?? '';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        好差评和投诉时限设置
      </Typography.Title>
      <Select aria-label="行政区划" data-testid="quality-region" showSearch optionFilterProp="label" style={{ width: 320 }} value={code} onChange={setCode} options={regions.map((r) => ({ value: r.code, label: r.name }))} />
      {inForce && values ? (
        <Card>
          <Alert
            style={{ marginBottom: 16 }}
            type="info"
            showIcon
            data-testid="quality-from"
            message={inForce.from === null ? '当前使用默认值(本级和上级均未设置)' : inForce.from === inForce.regionCode ? '当前使用本级设置' : `当前继承自 ${regionName(inForce.from)} 的设置`}
          />
          <Form layout="vertical" onFinish={() => void save()}>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              columns={[
                { title: '时限', dataIndex: 'label' },
                {
                  title: '本区划',
                  render: (_: unknown, f: (typeof fields)[number]) =>
                    f.key === 'defaultRatingDays' ? (
                      <Space>
                        <Switch aria-label="启用默认评价" checked={values.defaultRatingDays !== null} onChange={(on) => setValues({ ...values, defaultRatingDays: on ? (inForce.defaults.defaultRatingDays ?? 7) : null })} />
                        {values.defaultRatingDays !== null ? (
                          <InputNumber aria-label={f.label} min={f.min} max={f.max} value={values.defaultRatingDays} onChange={(v) => setValues({ ...values, defaultRatingDays: v ?? f.min })} addonAfter={f.unit} />
                        ) : (
                          <span>不设默认评价</span>
                        )}
                      </Space>
                    ) : (
                      <InputNumber aria-label={f.label} data-testid={`quality-${f.key}`} min={f.min} max={f.max} value={values[f.key] as number} onChange={(v) => setValues({ ...values, [f.key]: v ?? f.min })} addonAfter={f.unit} />
                    ),
                },
                {
                  title: '默认值',
                  render: (_: unknown, f: (typeof fields)[number]) => {
                    const d = inForce.defaults[f.key];
                    return d === null ? '不设' : `${d} ${f.unit}`;
                  },
                },
              ]}
            />
            <Button type="primary" htmlType="submit" loading={saving} style={{ marginTop: 16 }} data-testid="quality-save">
              保存为本区划的设置
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}
