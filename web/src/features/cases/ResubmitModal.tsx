/**
 * 补正后重新提交: the applicant brings what the one correction notice asked for. The clerk marks
 * each material again (brought, from shared data, deferred to a date, still missing); only the
 * changed marks are sent. Coming in person is one more visit, with its cause for the visit ledger.
 */
import { Checkbox, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { MaterialMark } from '../../../../src/domain/case-process.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal } from '../../shared/FormModal.tsx';
import { materialStateLabels, visitCauseLabels } from './labels.ts';
import { casesApi, visitCauses, type CaseView, type MaterialState, type VisitCause } from './model.ts';
import { MaterialStateTag } from './tags.tsx';

interface ResubmitValues {
  marks: Record<string, { state: MaterialState; deferredDue?: string }>;
  inPerson: boolean;
  cause: VisitCause;
}

export interface ResubmitModalProps {
  view: CaseView;
  open: boolean;
  successText: string;
  onView(view: CaseView): void;
  onConflict(error: unknown): void;
  onClose(): void;
}

export function ResubmitModal({ view, open, successText, onView, onConflict, onClose }: ResubmitModalProps) {
  const { t, pick } = useI18n();
  const editable = view.materials.filter((m) => m.state !== 'licence');
  const initialMarks = Object.fromEntries(editable.map((m) => [m.key, { state: m.state === 'missing' && m.required ? 'provided' : m.state, deferredDue: m.deferredDue ?? undefined }]));

  const changedMarks = (values: ResubmitValues): MaterialMark[] =>
    editable.flatMap((m) => {
      const mark = values.marks?.[m.key];
      if (!mark) return [];
      const due = mark.state === 'deferred' ? (mark.deferredDue ?? null) : null;
      if (mark.state === m.state && due === (m.state === 'deferred' ? m.deferredDue : null)) return [];
      return [{ key: m.key, state: mark.state, deferredDue: due }];
    });

  return (
    <FormModal<ResubmitValues, CaseView>
      okText={t('cases.confirm')}
      open={open}
      title={t('cases.resubmit.title')}
      width={680}
      successMessage={successText}
      testId="modal-resubmit"
      initialValues={{ marks: initialMarks, inPerson: true, cause: 'missing_material' }}
      onDone={onView}
      onConflict={onConflict}
      onClose={onClose}
      onSubmit={(values, action) =>
        casesApi.act(action, view.id, {
          action: 'resubmit',
          materials: changedMarks(values),
          inPerson: values.inPerson,
          ...(values.inPerson ? { cause: values.cause } : {}),
        })
      }
    >
      {(form) => (
        <>
          <Typography.Paragraph type="secondary">{t('cases.resubmit.intro')}</Typography.Paragraph>
          {view.materials.map((m) => (
            <div key={m.key} style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap', marginBottom: 4 }} data-testid={`resubmit-${m.key}`}>
              <div style={{ flex: '1 1 220px', paddingTop: 5 }}>
                <Space size={4} wrap>
                  <span>{m.name}</span>
                  {m.required ? <Tag>{t('cases.material.required')}</Tag> : null}
                </Space>
              </div>
              {m.state === 'licence' ? (
                <div style={{ paddingTop: 5 }}>
                  <MaterialStateTag state="licence" />
                </div>
              ) : (
                <>
                  <Form.Item name={['marks', m.key, 'state']} style={{ marginBottom: 8 }}>
                    <Select
                      style={{ width: 160 }}
                      aria-label={m.name}
                      options={(['provided', 'shared_data', 'deferred', 'missing'] as const).filter((s) => s !== 'deferred' || m.deferrableUntil !== null).map((s) => ({ value: s, label: pick(materialStateLabels[s]) }))}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['marks', m.key, 'state']) === 'deferred' ? (
                        <Form.Item name={['marks', m.key, 'deferredDue']} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('cases.resubmit.dueRequired') }]}>
                          <Input type="date" style={{ width: 160 }} aria-label={t('cases.material.deferredDue')} />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                </>
              )}
            </div>
          ))}
          <Form.Item name="inPerson" valuePropName="checked" style={{ marginTop: 8, marginBottom: 8 }}>
            <Checkbox>{t('cases.field.inPerson')}</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.inPerson !== b.inPerson}>
            {() =>
              form.getFieldValue('inPerson') ? (
                <Form.Item name="cause" label={t('cases.visit.cause')}>
                  <Select style={{ width: 240 }} options={visitCauses.map((c) => ({ value: c, label: pick(visitCauseLabels[c]) }))} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
