/** Pieces the apply page and the case page share: a material with its uploads, the delivery choice, the steps. */
import { useState } from 'react';
import { App as AntApp, Button, Input, Radio, Space, Steps, Tag, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { downloadFile } from '../../api.ts';
import { acceptAttribute } from '../../../../src/domain/uploads.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { onlineApi, type DeliveryChoice, type OnlineCase, type OnlineMaterial } from './api.ts';

export function MaterialRow({
  c,
  material,
  onChange,
  removable,
}: {
  c: OnlineCase;
  material: OnlineMaterial;
  onChange(next: OnlineCase): void;
  /** Whether a file may be removed (files given before a correction notice stay on file: the server refuses). */
  removable: boolean | ((file: OnlineMaterial['files'][number]) => boolean);
}) {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const state =
    material.state === 'licence'
      ? t('online.material.licence')
      : material.state === 'shared_data'
        ? t('online.material.shared_data')
        : material.state === 'deferred'
          ? t('online.material.deferred', { date: material.deferredDue ?? '' })
          : material.state === 'provided'
            ? t('online.material.provided')
            : t('online.material.missing');
  return (
    <div className="ol-card" data-testid={`material-${material.key}`}>
      <div className="ol-row">
        <div style={{ minWidth: 0, flex: '1 1 200px' }}>
          <div style={{ fontWeight: 600 }}>
            {material.name} {material.required ? <Tag color="red">{t('online.material.required')}</Tag> : null}
          </div>
          <div className="ol-muted">{state}</div>
        </div>
        {material.uploadable ? (
          <Upload
            accept={acceptAttribute('material')}
            showUploadList={false}
            customRequest={async ({ file }) => {
              setBusy(true);
              try {
                onChange(await onlineApi.upload(c.id, material.key, file as File));
              } catch (e) {
                message.error(errorText(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid={`upload-${material.key}`}>
              {t('online.material.upload')}
            </Button>
          </Upload>
        ) : null}
      </div>
      {material.files.length > 0 ? (
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
          {material.files.map((f) => (
            <li key={f.id} className="ol-row" style={{ justifyContent: 'flex-start' }}>
              <Button type="link" icon={<PaperClipOutlined />} onClick={() => void downloadFile(onlineApi.filePath(c.id, f.id), f.name)} style={{ padding: 0 }}>
                {f.name}
              </Button>
              <span className="ol-muted">{Math.ceil(f.size / 1024)} KB</span>
              {(typeof removable === 'function' ? removable(f) : removable) ? (
                <Button
                  type="text"
                  danger
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('online.material.remove')}
                  onClick={async () => {
                    try {
                      onChange(await onlineApi.removeFile(c.id, f.id));
                    } catch (e) {
                      message.error(errorText(e));
                    }
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {material.uploadable ? (
        <div className="ol-muted" style={{ marginTop: 4 }}>
          {t('online.material.types')}
        </div>
      ) : null}
    </div>
  );
}

/** The delivery the applicant asks for: express (address from the profile, editable), e-licence, or a window. */
export function DeliveryForm({ value, onChange, defaultAddress }: { value: DeliveryChoice | null; onChange(next: DeliveryChoice): void; defaultAddress: string }) {
  const { t } = useI18n();
  const method = value?.method ?? 'express';
  const express = value?.method === 'express' ? value : { method: 'express' as const, address: defaultAddress, recipient: '', phone: '' };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={method}
        onChange={(e) => onChange(e.target.value === 'express' ? express : { method: e.target.value })}
        options={(['express', 'e_licence', 'window'] as const).map((m) => ({ value: m, label: t(`online.delivery.${m}` as MessageKey) }))}
      />
      {method === 'express' ? (
        <>
          <Input addonBefore={t('online.delivery.address')} value={express.address} onChange={(e) => onChange({ ...express, address: e.target.value })} data-testid="delivery-address" />
          <Input addonBefore={t('online.delivery.recipient')} value={express.recipient} onChange={(e) => onChange({ ...express, recipient: e.target.value })} data-testid="delivery-recipient" />
          <Input addonBefore={t('online.delivery.phone')} value={express.phone} inputMode="tel" onChange={(e) => onChange({ ...express, phone: e.target.value })} data-testid="delivery-phone" />
        </>
      ) : null}
    </Space>
  );
}

export function CaseSteps({ c }: { c: OnlineCase }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Steps
      direction="vertical"
      size="small"
      current={c.steps.length - 1}
      status={['delivered', 'archived', 'withdrawn', 'terminated'].includes(c.status) ? 'finish' : c.status === 'refused' ? 'error' : 'process'}
      items={c.steps.map((s) => ({
        title: t(`online.step.${s.step}` as MessageKey),
        description: (
          <>
            {formatDateTime(s.at)}
            {s.delivery?.trackingNo ? <div data-testid="tracking-no">{t('online.case.tracking', { company: s.delivery.company ?? '', trackingNo: s.delivery.trackingNo })}</div> : null}
          </>
        ),
      }))}
    />
  );
}
