/**
 * 出件送达: how the result reaches the applicant. Collecting it at the window is one visit; express,
 * an e-licence (signed and verifiable by QR code, only for an approved case) and online delivery
 * are zero. Express needs the company, the tracking number and the address.
 */
import { AutoComplete, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n.tsx';
import { FormModal } from '../../shared/FormModal.tsx';
import { deliveryMethodLabels } from './labels.ts';
import { casesApi, deliveryMethods, type CaseView, type DeliveryMethod } from './model.ts';

interface DeliverValues {
  method: DeliveryMethod;
  company?: string;
  trackingNo?: string;
  address?: string;
}

const expressCompanies = ['中国邮政 EMS', '顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递'];

export interface DeliverModalProps {
  view: CaseView;
  open: boolean;
  successText: string;
  onView(view: CaseView): void;
  onConflict(error: unknown): void;
  onClose(): void;
}

export function DeliverModal({ view, open, successText, onView, onConflict, onClose }: DeliverModalProps) {
  const { t, pick } = useI18n();
  const methods = deliveryMethods.filter((m) => (m !== 'e_licence' || view.outcome === 'approved') && (m !== 'agent' || view.agentAuthorisationId !== null));
  // Applied for online: the address the applicant gave for express, with whom to hand it to.
  const chosen = view.deliveryChoice as { method?: string; address?: string; recipient?: string; phone?: string } | null | undefined;
  const formAddress = chosen?.method === 'express' && chosen.address ? `${chosen.address} ${chosen.recipient ?? ''} ${chosen.phone ?? ''}`.trim() : typeof view.form.address === 'string' ? view.form.address : undefined;

  return (
    <FormModal<DeliverValues, CaseView>
      okText={t('cases.confirm')}
      open={open}
      title={t('cases.deliver.title')}
      width={580}
      successMessage={successText}
      testId="modal-deliver"
      initialValues={{ company: expressCompanies[0], address: formAddress, ...(chosen?.method && (methods as readonly string[]).includes(chosen.method) ? { method: chosen.method as DeliveryMethod } : {}) }}
      onDone={onView}
      onConflict={onConflict}
      onClose={onClose}
      onSubmit={(v, action) =>
        casesApi.act(action, view.id, {
          action: 'deliver',
          method: v.method,
          ...(v.method === 'express' ? { express: { company: (v.company ?? '').trim(), trackingNo: (v.trackingNo ?? '').trim(), address: (v.address ?? '').trim() } } : {}),
        })
      }
    >
      {(form) => (
        <>
          <Typography.Paragraph type="secondary">{t('cases.deliver.intro', { item: view.itemName, applicant: view.applicantName })}</Typography.Paragraph>
          <Form.Item name="method" label={t('cases.deliver.method')} rules={[{ required: true, message: t('cases.field.required') }]}>
            <Radio.Group style={{ width: '100%' }}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {methods.map((method) => (
                  <Radio key={method} value={method}>
                    <span data-testid={`deliver-option-${method}`}>
                      {pick(deliveryMethodLabels[method])} {method === 'window' ? <Tag color="blue">{t('cases.deliver.oneVisit')}</Tag> : <Tag color="green">{t('cases.deliver.zeroVisit')}</Tag>}
                    </span>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {t(`cases.deliver.hint.${method}`)}
                    </Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.method !== b.method}>
            {() =>
              form.getFieldValue('method') === 'express' ? (
                <div data-testid="deliver-express">
                  <Form.Item name="company" label={t('cases.deliver.company')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
                    <AutoComplete options={expressCompanies.map((c) => ({ value: c }))} maxLength={50} />
                  </Form.Item>
                  <Form.Item name="trackingNo" label={t('cases.deliver.trackingNo')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
                    <Input maxLength={50} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name="address" label={t('cases.deliver.address')} rules={[{ required: true, whitespace: true, message: t('cases.field.required') }]}>
                    <Input.TextArea rows={2} maxLength={300} />
                  </Form.Item>
                </div>
              ) : null
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
