/** 申请材料: the materials table of an item and the modal that edits one material. */
import { Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import type { MaterialRequirement, Scenario } from '../../../../src/domain/catalog.ts';
import { useI18n } from '../../i18n.tsx';
import { FileField } from './FileField.tsx';
import { codeLabels, deferrableUntil, materialSources, optionsOf } from './labels.ts';
import { KeyField, ListEditor } from './ListEditor.tsx';

function blankMaterial(): MaterialRequirement {
  return {
    key: '',
    name: '',
    scenarios: [],
    required: true,
    deferrable: false,
    deferrableUntil: null,
    originals: 1,
    copies: 0,
    source: 'applicant',
    licenceType: null,
    notes: '',
  };
}

/** What the server accepts: until-when only for deferrable materials, a licence type only for licence-sourced ones. */
function tidy(m: MaterialRequirement): MaterialRequirement {
  const deferrable = m.required && m.deferrable;
  const { templateFileId, sampleFileId, ...rest } = m;
  return {
    ...rest,
    key: m.key.trim(),
    name: m.name.trim(),
    scenarios: m.scenarios ?? [],
    deferrable,
    deferrableUntil: deferrable ? (m.deferrableUntil ?? 'decision') : null,
    licenceType: m.source === 'licence' ? (m.licenceType ?? '').trim() : null,
    notes: (m.notes ?? '').trim(),
    originals: m.originals ?? 0,
    copies: m.copies ?? 0,
    ...(templateFileId ? { templateFileId } : {}),
    ...(sampleFileId ? { sampleFileId } : {}),
  };
}

export interface MaterialsEditorProps {
  id?: string;
  value?: MaterialRequirement[];
  onChange?: (rows: MaterialRequirement[]) => void;
  readOnly?: boolean;
  scenarios: Scenario[];
  problemRows?: ReadonlySet<number>;
}

export function MaterialsEditor({ id, value, onChange, readOnly, scenarios, problemRows }: MaterialsEditorProps) {
  const { t, pick } = useI18n();
  const scenarioName = new Map(scenarios.map((s) => [s.code, s.name]));

  return (
    <ListEditor<MaterialRequirement>
      id={id}
      value={value}
      onChange={onChange}
      readOnly={readOnly}
      problemRows={problemRows}
      blank={blankMaterial}
      toRow={tidy}
      orderable
      modalWidth={720}
      addText={t('catalogAdmin.material.add')}
      editTitle={(row) => (row ? t('catalogAdmin.material.editOf', { name: row.name }) : t('catalogAdmin.material.add'))}
      rowName={(row) => row.name}
      columns={[
        {
          title: t('catalogAdmin.material.name'),
          width: 190,
          render: (m) => (
            <>
              <Typography.Text strong>{m.name}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {m.key}
              </Typography.Text>
            </>
          ),
        },
        {
          title: t('catalogAdmin.material.scenarios'),
          width: 130,
          render: (m) =>
            m.scenarios.length === 0 ? (
              <Typography.Text type="secondary">{t('catalogAdmin.material.allScenarios')}</Typography.Text>
            ) : (
              <Space size={[0, 4]} wrap>
                {m.scenarios.map((code) => (
                  <Tag key={code} style={{ whiteSpace: 'normal' }}>
                    {scenarioName.get(code) ?? code}
                  </Tag>
                ))}
              </Space>
            ),
        },
        {
          title: t('catalogAdmin.material.requirement'),
          width: 110,
          render: (m) => (
            <Space size={[0, 4]} wrap>
              {m.required ? <Tag color="red">{t('catalogAdmin.material.required')}</Tag> : <Tag>{t('catalogAdmin.material.optional')}</Tag>}
              {m.deferrable && m.deferrableUntil ? (
                <Tag color="orange" style={{ whiteSpace: 'normal' }}>
                  {t('catalogAdmin.material.deferrableTag')} · {pick(codeLabels.deferrableUntil[m.deferrableUntil])}
                </Tag>
              ) : null}
            </Space>
          ),
        },
        {
          title: t('catalogAdmin.material.countAndSource'),
          width: 150,
          render: (m) => (
            <>
              {t('catalogAdmin.material.countValue', { originals: m.originals, copies: m.copies })}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pick(codeLabels.materialSource[m.source])}
                {m.licenceType ? ` · ${m.licenceType}` : ''}
              </Typography.Text>
            </>
          ),
        },
        {
          title: t('catalogAdmin.material.notesShort'),
          render: (m) => (
            <div style={{ minWidth: 180 }}>
              <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: m.notes }}>
                {m.notes || '—'}
              </Typography.Paragraph>
              {m.templateFileId || m.sampleFileId ? (
                <Space size={8}>
                  {m.templateFileId ? <Typography.Link href={`/api/files/${m.templateFileId}`}>{t('catalogAdmin.material.template')}</Typography.Link> : null}
                  {m.sampleFileId ? <Typography.Link href={`/api/files/${m.sampleFileId}`}>{t('catalogAdmin.material.sample')}</Typography.Link> : null}
                </Space>
              ) : null}
            </div>
          ),
        },
      ]}
      fields={(form, { rows }) => (
        <>
          <Row gutter={16}>
            <Col span={14}>
              <Form.Item name="name" label={t('catalogAdmin.material.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.material.nameRequired') }, { max: 200 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={10}>
              <KeyField rows={rows} label={t('catalogAdmin.material.key')} hint={t('catalogAdmin.material.keyHint')} />
            </Col>
          </Row>
          <Form.Item name="scenarios" label={t('catalogAdmin.material.scenarios')} extra={scenarios.length === 0 ? t('catalogAdmin.material.noScenarios') : t('catalogAdmin.material.scenariosHint')}>
            <Select mode="multiple" allowClear disabled={scenarios.length === 0} options={scenarios.map((s) => ({ value: s.code, label: s.name }))} placeholder={t('catalogAdmin.material.allScenarios')} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="required" label={t('catalogAdmin.material.required')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item noStyle dependencies={['required']}>
                {() => (
                  <Form.Item name="deferrable" label={t('catalogAdmin.material.deferrable')} valuePropName="checked" tooltip={t('catalogAdmin.material.deferrableHint')}>
                    <Switch disabled={!form.getFieldValue('required')} />
                  </Form.Item>
                )}
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item noStyle dependencies={['required', 'deferrable']}>
                {() =>
                  form.getFieldValue('required') && form.getFieldValue('deferrable') ? (
                    <Form.Item name="deferrableUntil" label={t('catalogAdmin.material.deferrableUntil')} rules={[{ required: true, message: t('catalogAdmin.material.deferrableUntilRequired') }]}>
                      <Radio.Group options={optionsOf(deferrableUntil, codeLabels.deferrableUntil, pick)} />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="originals" label={t('catalogAdmin.material.originals')} rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
                <InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="copies" label={t('catalogAdmin.material.copies')} rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
                <InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="source" label={t('catalogAdmin.material.source')} rules={[{ required: true }]}>
                <Select options={optionsOf(materialSources, codeLabels.materialSource, pick)} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item noStyle dependencies={['source']}>
            {() =>
              form.getFieldValue('source') === 'licence' ? (
                <Form.Item
                  name="licenceType"
                  label={t('catalogAdmin.material.licenceType')}
                  extra={t('catalogAdmin.material.licenceTypeHint')}
                  rules={[{ required: true, whitespace: true, message: t('catalogAdmin.material.licenceTypeRequired') }, { max: 100 }]}
                >
                  <Input />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item name="notes" label={t('catalogAdmin.material.notes')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="templateFileId" label={t('catalogAdmin.material.template')}>
                <FileField label={t('catalogAdmin.material.template')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="sampleFileId" label={t('catalogAdmin.material.sample')}>
                <FileField label={t('catalogAdmin.material.sample')} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    />
  );
}
