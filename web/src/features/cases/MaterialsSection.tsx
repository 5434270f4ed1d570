/**
 * 申请材料 of a case: how each requirement was met, what the item asks of it (originals and
 * copies, where it comes from, the notes) with the blank form and sample to compare against, deferred (容缺) materials with the date the
 * applicant promised, and — when the server offers `collect_material` to this user (issuance and
 * front-desk clerks, while the case allows it) — a 收取 button per deferred material. Bringing it in person is one visit (same day as another
 * visit: the same trip), so "申请人到场" is ticked unless it came by post or online.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { guideApi } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { ItemDefinition } from './itemDefinition.ts';
import { useAction } from '../../shared/resource.ts';
import { deferrableUntilLabels } from './labels.ts';
import { casesApi, type CaseMaterial, type CaseView } from './model.ts';
import { MaterialStateTag, rowProps } from './tags.tsx';

export interface MaterialsSectionProps {
  view: CaseView;
  onView(view: CaseView): void;
  onError(error: unknown): void;
  /** The item's material requirements, when the catalog has answered. */
  definition?: ItemDefinition | null;
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function MaterialsSection({ view, onView, onError, definition }: MaterialsSectionProps) {
  const { t, pick, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const collect = useAction();
  const [inPerson, setInPerson] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const today = todayInChina();
  const canCollect = view.available.includes('collect_material');

  const send = async (material: CaseMaterial) => {
    setBusy(material.key);
    try {
      onView(await casesApi.act(collect, view.id, { action: 'collect_material', key: material.key, inPerson }));
      void message.success(t('cases.material.collected', { name: material.name }));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<CaseMaterial> = [
    {
      title: t('cases.material.name'),
      key: 'name',
      render: (_, m) => {
        const requirement = definition?.materials.find((r) => r.key === m.key);
        const notes = [m.note, requirement?.notes].filter((n): n is string => Boolean(n?.trim()));
        return (
          <div style={{ minWidth: 0 }}>
            <Space size={4} wrap>
              <span>{m.name}</span>
              {m.required ? <Tag>{t('cases.material.required')}</Tag> : <Tag color="default">{t('cases.material.optional')}</Tag>}
            </Space>
            {requirement ? (
              <div style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {[requirement.originals > 0 ? t('cases.material.originals', { n: requirement.originals }) : null, requirement.copies > 0 ? t('cases.material.copies', { n: requirement.copies }) : null].filter(Boolean).join(' · ')}
                </Typography.Text>
                {requirement.templateFileId ? (
                  <a href={guideApi.filePath(requirement.templateFileId)} download style={{ marginInlineStart: 8 }} data-testid={`material-template-${m.key}`}>
                    <DownloadOutlined /> {t('cases.material.template')}
                  </a>
                ) : null}
                {requirement.sampleFileId ? (
                  <a href={guideApi.filePath(requirement.sampleFileId)} download style={{ marginInlineStart: 8 }}>
                    <DownloadOutlined /> {t('cases.material.sample')}
                  </a>
                ) : null}
              </div>
            ) : null}
            {notes.length > 0 ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: t('cases.more') }}>
                {notes.join(';')}
              </Typography.Paragraph>
            ) : null}
          </div>
        );
      },
    },
    { title: t('cases.material.state'), key: 'state', width: 150, render: (_, m) => <MaterialStateTag state={m.state} /> },
    {
      title: t('cases.material.deferredDue'),
      key: 'deferred',
      width: 220,
      render: (_, m) => {
        if (m.state === 'deferred' && m.deferredDue) {
          const late = m.deferredDue < today;
          return (
            <Space size={4} wrap>
              <span style={late ? { color: '#cf1322', fontWeight: 600 } : undefined}>{m.deferredDue}</span>
              {late ? <Tag color="error">{t('cases.material.late')}</Tag> : null}
              {m.deferrableUntil ? <Typography.Text type="secondary">({pick(deferrableUntilLabels[m.deferrableUntil])})</Typography.Text> : null}
            </Space>
          );
        }
        if (m.collectedAt) return <Typography.Text type="secondary">{t('cases.material.collectedAt', { at: formatDateTime(m.collectedAt) })}</Typography.Text>;
        return '—';
      },
    },
  ];
  if (canCollect) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, m) =>
        m.state === 'deferred' ? (
          <Button size="small" type="primary" loading={busy === m.key} disabled={busy !== null && busy !== m.key} onClick={() => void send(m)} data-action="collect_material">
            {t('cases.material.collect')}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      {canCollect ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text type="secondary">{t('cases.material.collectHint')}</Typography.Text>
          <Checkbox checked={inPerson} onChange={(e) => setInPerson(e.target.checked)} data-testid="collect-in-person">
            {t('cases.field.inPerson')}
          </Checkbox>
        </Space>
      ) : null}
      <Table<CaseMaterial> rowKey="key" size="small" columns={columns} dataSource={view.materials} pagination={false} onRow={(m) => rowProps(`material-${m.key}`)} locale={{ emptyText: t('cases.material.none') }} />
    </>
  );
}
