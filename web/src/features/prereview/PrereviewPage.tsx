/**
 * 网上预审 (`/prereview`): online applications waiting for the item's department reviewer or the
 * center's desk, oldest first. Choosing one shows the files the applicant uploaded and the three
 * decisions: accept (the clock starts, as at the window), the one correction notice listing
 * everything (uploads found unfit are asked for again), or refusal with reason and legal basis.
 * The case detail below is the same as everywhere.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Checkbox, Empty, Input, Space, Typography, type TableColumnsType } from 'antd';
import { PaperClipOutlined, ReloadOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { caseFile } from '../../../../src/http/contracts/online-applications.ts';
import { Action, downloadFile } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { CaseDetail } from '../cases/CaseDetail.tsx';
import { CaseTable } from '../cases/CaseTable.tsx';
import type { CaseSummary, CaseView } from '../cases/model.ts';

type CaseFile = z.input<typeof caseFile>;

export default function PrereviewPage() {
  const { t } = useI18n();
  const queue = useResource<CaseSummary[]>('/api/prereview');
  const [params, setParams] = useSearchParams();
  const selected = params.get('case');
  const [version, setVersion] = useState(0);
  const select = (id: string | null) => setParams(id ? { case: id } : {}, { replace: false });
  const openColumn: TableColumnsType<CaseSummary> = [
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, c) => (
        <Button size="small" type="primary" onClick={() => select(c.id)} data-testid={`prereview-open-${c.caseNo}`}>
          {t('prereview.open')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('prereview.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('prereview.intro')}</Typography.Text>
          </div>
          <Button icon={<ReloadOutlined />} onClick={() => void queue.reload()} loading={queue.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
        {queue.error ? <LoadError error={queue.error} onRetry={queue.reload} /> : null}
        <CaseTable
          cases={queue.data ?? []}
          loading={queue.loading && !queue.data}
          rowTestId="prereview-row"
          selectedId={selected}
          onOpen={(c) => select(c.id)}
          extraColumns={openColumn}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          emptyText={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prereview.empty')} />}
        />
      </Card>
      {selected ? (
        <div data-testid="prereview-selected">
          <Decisions
            key={`${selected}-${version}`}
            caseId={selected}
            onDecided={() => {
              setVersion((v) => v + 1);
              void queue.reload();
            }}
          />
          <CaseDetail key={`${selected}-detail-${version}`} caseId={selected} onChanged={() => void queue.reload()} />
        </div>
      ) : null}
    </>
  );
}

function Decisions({ caseId, onDecided }: { caseId: string; onDecided(view: CaseView): void }) {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const files = useResource<CaseFile[]>(`/api/online-cases/${encodeURIComponent(caseId)}/files`);
  const view = useResource<CaseView>(`/api/cases/${encodeURIComponent(caseId)}`);
  const nameOf = (key: string) => view.data?.materials.find((m) => m.key === key)?.name ?? key;
  const [unfit, setUnfit] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [action] = useState(() => new Action());
  const decide = async (body: Record<string, unknown>, done: string) => {
    setBusy(String(body.action));
    try {
      const view = await action.send<CaseView>('POST', `/api/prereview/${encodeURIComponent(caseId)}`, body);
      message.success(done);
      onDecided(view);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const byMaterial = new Map<string, CaseFile[]>();
  for (const f of files.data ?? []) byMaterial.set(f.materialKey, [...(byMaterial.get(f.materialKey) ?? []), f]);
  return (
    <Card title={t('prereview.files')} style={{ marginBottom: 16 }}>
      {files.error ? <LoadError error={files.error} onRetry={files.reload} /> : null}
      {[...byMaterial].map(([key, list]) => (
        <div key={key} style={{ marginBottom: 8 }}>
          <Checkbox checked={unfit.includes(key)} onChange={(e) => setUnfit(e.target.checked ? [...unfit, key] : unfit.filter((k) => k !== key))} data-testid={`unfit-${key}`}>
            {nameOf(key)}
          </Checkbox>
          {list.map((f) => (
            <Button key={f.id} type="link" icon={<PaperClipOutlined />} onClick={() => void downloadFile(`/api/online-cases/${encodeURIComponent(caseId)}/files/${encodeURIComponent(f.id)}`, f.name)}>
              {f.name}
            </Button>
          ))}
        </div>
      ))}
      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
        <Button type="primary" loading={busy === 'accept'} onClick={() => void decide({ action: 'accept' }, t('prereview.accepted'))} data-testid="prereview-accept">
          {t('prereview.accept')}
        </Button>
        <Alert type="info" message={t('prereview.unfit')} />
        <Input.TextArea rows={2} placeholder={t('prereview.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="prereview-note" />
        <Button loading={busy === 'request_correction'} onClick={() => void decide({ action: 'request_correction', unfit, ...(note.trim() ? { note: note.trim() } : {}) }, t('prereview.corrected'))} data-testid="prereview-correction">
          {t('prereview.correction')}
        </Button>
        <Input placeholder={t('prereview.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Input placeholder={t('prereview.basis')} value={basis} onChange={(e) => setBasis(e.target.value)} />
        <Button danger disabled={!reason.trim() || !basis.trim()} loading={busy === 'refuse'} onClick={() => void decide({ action: 'refuse', reason: reason.trim(), legalBasis: basis.trim() }, t('prereview.refused'))}>
          {t('prereview.refuse')}
        </Button>
      </Space>
    </Card>
  );
}
