/**
 * The whole content of one item version, in tabs: 基本信息, 时限与办理, 情形, 申请材料, 表单字段,
 * 办理流程, 收费, 常见问题. Used by the editor and, read-only, to show an old version. Every tab
 * is rendered up front, so the form validates and reports on all of them at once.
 */
import type { ReactNode } from 'react';
import { Badge, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tabs, Tag, Typography, type FormInstance } from 'antd';
import type { Faq, Fee, FormField, LicenceType, ProcessStep, Scenario, ServiceItemContent } from '../../../../src/domain/catalog.ts';
import { useResource } from '../../shared/resource.ts';
import { useI18n } from '../../i18n.tsx';
import { editorTabs, tabOf, type EditorTab, type FieldIssue } from './content.ts';
import { caseKinds, channels, codeLabels, dayUnits, exerciseLevelCodes, fieldTypes, itemTypeCodes, onlineDepthCodes, optionsOf, profileFields, resultKinds, serviceObjects, tongbanScopes } from './labels.ts';
import { KeyField, ListEditor } from './ListEditor.tsx';
import { MaterialsEditor } from './MaterialsEditor.tsx';

export interface ItemContentFormProps {
  form: FormInstance<ServiceItemContent>;
  initialValues: ServiceItemContent;
  readOnly?: boolean;
  /** The implementation code can be typed only for a new item. */
  isNew?: boolean;
  activeTab: EditorTab;
  onTabChange(tab: EditorTab): void;
  onValuesChange?(): void;
  /** Names of the departments an item may belong to. */
  departmentNames: string[];
  /** The server's problems from the last save, to mark tabs and rows. */
  issues?: FieldIssue[];
  /** Prefix of the fields' ids, unique on the page (the editor and an old version may both be open). */
  formName?: string;
}

function Half({ children }: { children: ReactNode }) {
  return (
    <Col xs={24} lg={12}>
      {children}
    </Col>
  );
}

export function ItemContentForm({ form, initialValues, readOnly, isNew, activeTab, onTabChange, onValuesChange, departmentNames, issues = [], formName = 'item' }: ItemContentFormProps) {
  const { t, pick } = useI18n();
  const licenceTypes = useResource<LicenceType[]>('/api/licence-types');
  const scenarios = (Form.useWatch('scenarios', form) as Scenario[] | undefined) ?? initialValues.scenarios;
  const caseKind = Form.useWatch('caseKind', form) as ServiceItemContent['caseKind'] | undefined;
  const promisedDays = Form.useWatch('promisedDays', form) as number | undefined;
  const promisedUnit = (Form.useWatch('promisedUnit', form) as ServiceItemContent['promisedUnit'] | undefined) ?? 'working';
  const steps = (Form.useWatch('processSteps', form) as ProcessStep[] | undefined) ?? [];
  const stepDays = steps.reduce((sum, step) => sum + (step.days ?? 0), 0);

  const rowsWithIssues = (field: string) => new Set(issues.filter((i) => i.field === field && i.row !== null).map((i) => i.row!));
  const issueCount = (tab: EditorTab) => issues.filter((i) => tabOf(i.field) === tab).length;
  const tabLabel = (tab: EditorTab) => {
    const count = issueCount(tab);
    return count > 0 ? (
      <Badge count={count} size="small" offset={[8, -2]}>
        {t(`catalogAdmin.tab.${tab}`)}
      </Badge>
    ) : (
      t(`catalogAdmin.tab.${tab}`)
    );
  };
  const units = optionsOf(dayUnits, codeLabels.dayUnit, pick);

  const panes: Record<EditorTab, ReactNode> = {
    basic: (
      <Row gutter={24}>
        <Half>
          <Form.Item name="name" label={t('catalogAdmin.item.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.item.nameRequired') }, { max: 200 }]}>
            <Input />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="aliases" label={t('catalogAdmin.item.aliases')} extra={t('catalogAdmin.item.aliasesHint')}>
            <Select mode="tags" tokenSeparators={[',', ',', '、']} open={false} suffixIcon={null} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item
            name="implementationCode"
            label={t('catalogAdmin.item.implementationCode')}
            extra={isNew ? t('catalogAdmin.item.implementationCodeHint') : undefined}
            rules={[
              { required: true, message: t('catalogAdmin.item.implementationCodeRequired') },
              { pattern: /^[0-9A-Za-z-]{4,64}$/, message: t('catalogAdmin.item.implementationCodePattern') },
            ]}
          >
            <Input disabled={!isNew} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="basicCode" label={t('catalogAdmin.item.basicCode')} rules={[{ max: 64 }]}>
            <Input style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="itemType" label={t('catalogAdmin.item.itemType')} rules={[{ required: true }]}>
            <Select options={optionsOf(itemTypeCodes, codeLabels.itemType, pick, true)} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="exerciseLevel" label={t('catalogAdmin.item.exerciseLevel')} rules={[{ required: true }]}>
            <Select options={optionsOf(exerciseLevelCodes, codeLabels.exerciseLevel, pick)} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="departmentName" label={t('catalogAdmin.item.department')} rules={[{ required: true, message: t('catalogAdmin.item.departmentRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={departmentNames.map((name) => ({ value: name, label: name }))} placeholder={t('catalogAdmin.item.departmentPick')} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="tongbanScope" label={t('catalogAdmin.item.tongbanScope')}>
            <Select options={optionsOf(tongbanScopes, codeLabels.tongbanScope, pick)} />
          </Form.Item>
        </Half>
        <Col xs={24} lg={8}>
          <Form.Item name="serviceObjects" label={t('catalogAdmin.item.serviceObjects')} rules={[{ required: true, type: 'array', min: 1, message: t('catalogAdmin.item.serviceObjectsRequired') }]}>
            <Checkbox.Group options={optionsOf(serviceObjects, codeLabels.serviceObject, pick)} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={10}>
          <Form.Item name="resultName" label={t('catalogAdmin.item.resultName')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <Form.Item name="resultKind" label={t('catalogAdmin.item.resultKind')}>
            <Select options={optionsOf(resultKinds, codeLabels.resultKind, pick)} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={10}>
          <Form.Item name="resultLicenceType" label={t('catalogAdmin.item.resultLicenceType')} extra={t('catalogAdmin.item.resultLicenceTypeHint')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={licenceTypes.loading} options={(licenceTypes.data ?? []).map((type) => ({ value: type.name, label: `${type.name}(${type.code})` }))} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <Form.Item name="resultReplaces" label={t('catalogAdmin.item.resultReplaces')} valuePropName="checked" extra={t('catalogAdmin.item.resultReplacesHint')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="legalBasis" label={t('catalogAdmin.item.legalBasis')} rules={[{ max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
          </Form.Item>
          <Form.Item name="conditions" label={t('catalogAdmin.item.conditions')} rules={[{ max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
          </Form.Item>
        </Col>
      </Row>
    ),
    timing: (
      <Row gutter={24}>
        <Half>
          <Form.Item name="caseKind" label={t('catalogAdmin.item.caseKind')} extra={caseKind === 'instant' ? t('catalogAdmin.item.instantHint') : undefined}>
            <Radio.Group options={caseKinds.map((k) => ({ value: k, label: pick({ zh: codeLabels.caseKind[k].zh, en: codeLabels.caseKind[k].en.split(' (')[0]! }) }))} optionType="button" />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="visitsRequired" label={t('catalogAdmin.item.visitsRequired')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 0, label: t('catalogAdmin.item.visits0') },
                { value: 1, label: t('catalogAdmin.item.visits1') },
              ]}
            />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item label={t('catalogAdmin.item.statutory')} required>
            <Space.Compact>
              <Form.Item name="statutoryDays" noStyle rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
                <InputNumber min={0} max={3650} precision={0} aria-label={t('catalogAdmin.item.statutory')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="statutoryUnit" noStyle>
                <Select options={units} style={{ width: 130 }} aria-label={t('catalogAdmin.item.statutoryUnit')} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Half>
        <Half>
          <Form.Item label={t('catalogAdmin.item.promised')} required>
            <Space.Compact>
              <Form.Item name="promisedDays" noStyle rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
                <InputNumber min={0} max={3650} precision={0} aria-label={t('catalogAdmin.item.promised')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name="promisedUnit" noStyle>
                <Select options={units} style={{ width: 130 }} aria-label={t('catalogAdmin.item.promisedUnit')} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Half>
        <Col span={24}>
          <Form.Item noStyle dependencies={['visitsRequired']}>
            {() => (
              <Form.Item name="visitReason" label={t('catalogAdmin.item.visitReason')} rules={[{ required: form.getFieldValue('visitsRequired') === 1, whitespace: true, message: t('catalogAdmin.item.visitReasonRequired') }, { max: 500 }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('catalogAdmin.item.visitReasonHint')} />
              </Form.Item>
            )}
          </Form.Item>
        </Col>
        <Half>
          <Form.Item name="onlineDepth" label={t('catalogAdmin.item.onlineDepth')}>
            <Select options={optionsOf(onlineDepthCodes, codeLabels.onlineDepth, pick)} />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="channels" label={t('catalogAdmin.item.channels')} rules={[{ required: true, type: 'array', min: 1, message: t('catalogAdmin.item.channelsRequired') }]}>
            <Checkbox.Group options={optionsOf(channels, codeLabels.channel, pick)} />
          </Form.Item>
        </Half>
        <Col span={24}>
          <Form.Item name="location" label={t('catalogAdmin.item.location')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </Col>
        <Half>
          <Form.Item name="hours" label={t('catalogAdmin.item.hours')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Half>
        <Half>
          <Form.Item name="phone" label={t('catalogAdmin.item.phone')} rules={[{ max: 100 }]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Half>
        <Col span={24}>
          <Form.Item name="delegatedToTowns" label={t('catalogAdmin.item.delegatedToTowns')} valuePropName="checked" extra={t('catalogAdmin.item.delegatedToTownsHint')}>
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    ),
    scenarios: (
      <>
        <Typography.Paragraph type="secondary">{t('catalogAdmin.scenario.hint')}</Typography.Paragraph>
        <Form.Item name="scenarios">
          <ListEditor<Scenario>
            readOnly={readOnly}
            problemRows={rowsWithIssues('scenarios')}
            blank={() => ({ code: '', name: '', description: '' })}
            toRow={(s) => ({ code: s.code.trim(), name: s.name.trim(), description: (s.description ?? '').trim() })}
            addText={t('catalogAdmin.scenario.add')}
            editTitle={(row) => (row ? t('catalogAdmin.scenario.editOf', { name: row.name }) : t('catalogAdmin.scenario.add'))}
            rowName={(row) => row.name}
            columns={[
              { title: t('catalogAdmin.scenario.code'), width: 200, render: (s) => <Typography.Text code>{s.code}</Typography.Text> },
              { title: t('catalogAdmin.scenario.name'), width: 220, render: (s) => s.name },
              { title: t('catalogAdmin.scenario.description'), render: (s) => s.description || '—' },
            ]}
            fields={(_, { rows }) => (
              <>
                <Form.Item
                  name="code"
                  label={t('catalogAdmin.scenario.code')}
                  extra={t('catalogAdmin.scenario.codeHint')}
                  rules={[
                    { required: true, message: t('catalogAdmin.keyRequired') },
                    { pattern: /^[0-9A-Za-z_-]{1,64}$/, message: t('catalogAdmin.scenario.codePattern') },
                    {
                      validator: async (_, code: string) => {
                        if (rows.some((r) => r.code === code)) throw new Error(t('catalogAdmin.keyTaken', { key: code }));
                      },
                    },
                  ]}
                >
                  <Input style={{ fontFamily: 'monospace' }} />
                </Form.Item>
                <Form.Item name="name" label={t('catalogAdmin.scenario.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="description" label={t('catalogAdmin.scenario.description')} rules={[{ max: 1000 }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
                </Form.Item>
              </>
            )}
          />
        </Form.Item>
      </>
    ),
    materials: (
      <Form.Item name="materials">
        <MaterialsEditor readOnly={readOnly} scenarios={scenarios} problemRows={rowsWithIssues('materials')} />
      </Form.Item>
    ),
    formFields: (
      <>
        <Typography.Paragraph type="secondary">{t('catalogAdmin.formField.hint')}</Typography.Paragraph>
        <Form.Item name="formFields">
          <ListEditor<FormField>
            readOnly={readOnly}
            problemRows={rowsWithIssues('formFields')}
            orderable
            blank={() => ({ key: '', label: '', type: 'text', required: true })}
            toRow={({ options, profileField, ...rest }) => ({
              ...rest,
              key: rest.key.trim(),
              label: rest.label.trim(),
              ...(rest.type === 'select' && options && options.length > 0 ? { options } : {}),
              ...(profileField ? { profileField } : {}),
            })}
            addText={t('catalogAdmin.formField.add')}
            editTitle={(row) => (row ? t('catalogAdmin.formField.editOf', { name: row.label }) : t('catalogAdmin.formField.add'))}
            rowName={(row) => row.label}
            columns={[
              { title: t('catalogAdmin.formField.label'), width: 180, render: (f) => <Typography.Text strong>{f.label}</Typography.Text> },
              { title: t('catalogAdmin.formField.key'), width: 160, render: (f) => <Typography.Text code>{f.key}</Typography.Text> },
              { title: t('catalogAdmin.formField.type'), width: 110, render: (f) => pick(codeLabels.fieldType[f.type]) },
              { title: t('catalogAdmin.formField.required'), width: 80, render: (f) => (f.required ? t('catalogAdmin.yes') : t('catalogAdmin.no')) },
              { title: t('catalogAdmin.formField.options'), render: (f) => (f.options?.length ? f.options.join(' / ') : '—') },
              { title: t('catalogAdmin.formField.profileField'), width: 140, render: (f) => (f.profileField ? <Tag color="blue">{pick(codeLabels.profileField[f.profileField])}</Tag> : '—') },
            ]}
            fields={(fieldForm, { rows }) => (
              <>
                <Row gutter={16}>
                  <Col span={12}>
                    <Form.Item name="label" label={t('catalogAdmin.formField.label')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <KeyField rows={rows} label={t('catalogAdmin.formField.key')} hint={t('catalogAdmin.formField.keyHint')} />
                  </Col>
                  <Col span={12}>
                    <Form.Item name="type" label={t('catalogAdmin.formField.type')} rules={[{ required: true }]}>
                      <Select options={optionsOf(fieldTypes, codeLabels.fieldType, pick)} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="profileField" label={t('catalogAdmin.formField.profileField')} extra={t('catalogAdmin.formField.profileFieldHint')}>
                      <Select allowClear options={optionsOf(profileFields, codeLabels.profileField, pick)} placeholder={t('catalogAdmin.formField.noProfileField')} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="required" label={t('catalogAdmin.formField.required')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item noStyle dependencies={['type']}>
                  {() =>
                    fieldForm.getFieldValue('type') === 'select' ? (
                      <Form.Item
                        name="options"
                        label={t('catalogAdmin.formField.options')}
                        extra={t('catalogAdmin.formField.optionsHint')}
                        rules={[{ required: true, type: 'array', min: 1, message: t('catalogAdmin.formField.optionsRequired') }]}
                      >
                        <Select mode="tags" tokenSeparators={[',', ',']} open={false} suffixIcon={null} />
                      </Form.Item>
                    ) : null
                  }
                </Form.Item>
              </>
            )}
          />
        </Form.Item>
      </>
    ),
    processSteps: (
      <Form.Item name="processSteps">
        <ListEditor<ProcessStep>
          readOnly={readOnly}
          problemRows={rowsWithIssues('processSteps')}
          orderable
          blank={() => ({ name: '', description: '', days: 0, actor: '' })}
          toRow={(s) => ({
            name: s.name.trim(),
            description: (s.description ?? '').trim(),
            days: s.days ?? 0,
            actor: (s.actor ?? '').trim(),
            // The review stage's departments, how they decide and its 公示 are kept, never dropped by an edit.
            ...(s.departments?.length ? { departments: s.departments, mode: s.mode ?? 'all' } : {}),
            ...(s.departments?.length && s.publicityDays ? { publicityDays: s.publicityDays } : {}),
          })}
          addText={t('catalogAdmin.step.add')}
          editTitle={(row) => (row ? t('catalogAdmin.step.editOf', { name: row.name }) : t('catalogAdmin.step.add'))}
          rowName={(row) => row.name}
          summary={
            <Typography.Text type={caseKind === 'promised' && steps.length > 0 && stepDays !== promisedDays ? 'danger' : 'secondary'} data-testid="steps-sum">
              {t('catalogAdmin.step.sum', { sum: stepDays, promised: promisedDays ?? 0, unit: pick(codeLabels.dayUnit[promisedUnit]) })}
            </Typography.Text>
          }
          columns={[
            { title: t('catalogAdmin.step.name'), width: 120, render: (s) => <Typography.Text strong>{s.name}</Typography.Text> },
            { title: t('catalogAdmin.step.description'), render: (s) => s.description || '—' },
            { title: t('catalogAdmin.step.days'), width: 90, render: (s) => s.days },
            { title: t('catalogAdmin.step.actor'), width: 200, render: (s) => s.actor || '—' },
            {
              title: t('catalogAdmin.step.review'),
              width: 220,
              render: (s) =>
                s.departments?.length ? (
                  <Space size={[4, 4]} wrap>
                    {s.departments.map((name) => (
                      <Tag key={name}>{name}</Tag>
                    ))}
                    {s.departments.length > 1 && <Tag color="blue">{t(s.mode === 'any' ? 'catalogAdmin.step.modeAny' : 'catalogAdmin.step.modeAll')}</Tag>}
                    {s.publicityDays ? <Tag color="orange">{t('catalogAdmin.step.publicityTag', { days: s.publicityDays })}</Tag> : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
          fields={() => (
            <>
              <Row gutter={16}>
                <Col span={16}>
                  <Form.Item name="name" label={t('catalogAdmin.step.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="days" label={t('catalogAdmin.step.days')} rules={[{ required: true, message: t('catalogAdmin.numberRequired') }]}>
                    <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="actor" label={t('catalogAdmin.step.actor')} rules={[{ max: 100 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="description" label={t('catalogAdmin.step.description')} rules={[{ max: 2000 }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
              <Form.Item name="departments" label={t('catalogAdmin.step.departments')} extra={t('catalogAdmin.step.departmentsHint')}>
                <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={departmentNames.map((name) => ({ value: name, label: name }))} />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="mode" label={t('catalogAdmin.step.mode')}>
                    <Radio.Group
                      options={[
                        { value: 'all', label: t('catalogAdmin.step.modeAll') },
                        { value: 'any', label: t('catalogAdmin.step.modeAny') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="publicityDays" label={t('catalogAdmin.step.publicityDays')} extra={t('catalogAdmin.step.publicityHint')}>
                    <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
        />
      </Form.Item>
    ),
    fees: (
      <>
        <Typography.Paragraph type="secondary">{t('catalogAdmin.fee.hint')}</Typography.Paragraph>
        <Form.Item name="fees">
          <ListEditor<Fee>
            readOnly={readOnly}
            problemRows={rowsWithIssues('fees')}
            blank={() => ({ name: '', amount: '', basis: '' })}
            toRow={(f) => ({ name: f.name.trim(), amount: (f.amount ?? '').trim(), basis: (f.basis ?? '').trim() })}
            addText={t('catalogAdmin.fee.add')}
            editTitle={(row) => (row ? t('catalogAdmin.fee.editOf', { name: row.name }) : t('catalogAdmin.fee.add'))}
            rowName={(row) => row.name}
            emptyText={t('catalogAdmin.fee.none')}
            columns={[
              { title: t('catalogAdmin.fee.name'), width: 200, render: (f) => f.name },
              { title: t('catalogAdmin.fee.amount'), width: 160, render: (f) => f.amount || '—' },
              { title: t('catalogAdmin.fee.basis'), render: (f) => f.basis || '—' },
            ]}
            fields={() => (
              <>
                <Form.Item name="name" label={t('catalogAdmin.fee.name')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.nameRequired') }, { max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="amount" label={t('catalogAdmin.fee.amount')} rules={[{ max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="basis" label={t('catalogAdmin.fee.basis')} rules={[{ max: 500 }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
                </Form.Item>
              </>
            )}
          />
        </Form.Item>
      </>
    ),
    faq: (
      <Form.Item name="faq">
        <ListEditor<Faq>
          readOnly={readOnly}
          problemRows={rowsWithIssues('faq')}
          orderable
          blank={() => ({ question: '', answer: '' })}
          toRow={(f) => ({ question: f.question.trim(), answer: (f.answer ?? '').trim() })}
          addText={t('catalogAdmin.faq.add')}
          editTitle={(row) => (row ? t('catalogAdmin.faq.edit') : t('catalogAdmin.faq.add'))}
          rowName={(row) => row.question}
          columns={[
            { title: t('catalogAdmin.faq.question'), width: 260, render: (f) => <Typography.Text strong>{f.question}</Typography.Text> },
            { title: t('catalogAdmin.faq.answer'), render: (f) => f.answer || '—' },
          ]}
          fields={() => (
            <>
              <Form.Item name="question" label={t('catalogAdmin.faq.question')} rules={[{ required: true, whitespace: true, message: t('catalogAdmin.faq.questionRequired') }, { max: 500 }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
              </Form.Item>
              <Form.Item name="answer" label={t('catalogAdmin.faq.answer')} rules={[{ max: 2000 }]}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
              </Form.Item>
            </>
          )}
        />
      </Form.Item>
    ),
  };

  return (
    <Form<ServiceItemContent> form={form} name={formName} layout="vertical" initialValues={initialValues} disabled={readOnly} onValuesChange={() => onValuesChange?.()} scrollToFirstError={false}>
      <Tabs activeKey={activeTab} onChange={(key) => onTabChange(key as EditorTab)} items={editorTabs.map((tab) => ({ key: tab, label: tabLabel(tab), forceRender: true, children: panes[tab] }))} />
    </Form>
  );
}
