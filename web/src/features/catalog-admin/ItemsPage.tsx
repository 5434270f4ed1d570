/**
 * 事项管理: every item of the catalog with its published version and open draft; the whole
 * catalog goes out and comes back as one Excel workbook (an import applies all of it or nothing).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import type { CaseKind } from '../../../../src/domain/catalog.ts';
import { downloadFile, isApiError, uploadFile, type AdminItemSummary, type CatalogImportProblem, type CatalogImportResult } from '../../api.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { codeLabels } from './labels.ts';

function importProblems(details: unknown): CatalogImportProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is CatalogImportProblem => typeof d === 'object' && d !== null && typeof (d as CatalogImportProblem).message === 'string');
}

export default function ItemsPage() {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useResource<AdminItemSummary[]>('/api/admin/items');
  const [search, setSearch] = useState('');
  const [department, setDepartment] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<CatalogImportResult | null>(null);
  const [importError, setImportError] = useState<{ text: string; problems: CatalogImportProblem[] } | null>(null);

  const all = list.data ?? [];
  const departments = useMemo(() => {
    const names = new Map(all.map((item) => [item.departmentId, item.departmentName]));
    return [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [all]);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all.filter((item) => (department === null || item.departmentId === department) && (!needle || item.name.toLowerCase().includes(needle) || item.implementationCode.toLowerCase().includes(needle)));
  }, [all, search, department]);

  const exportCatalog = async () => {
    setExporting(true);
    try {
      await downloadFile('/api/admin/catalog/export', t('catalogAdmin.items.exportName'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setExporting(false);
    }
  };

  const importCatalog = async (file: File) => {
    setImporting(true);
    try {
      const result = await uploadFile<CatalogImportResult>('/api/admin/catalog/import', file);
      setImported(result);
      await invalidate('/api/admin/items', '/api/admin/bundles');
    } catch (error) {
      setImportError({ text: errorText(error), problems: isApiError(error) ? importProblems(error.details) : [] });
    } finally {
      setImporting(false);
    }
  };

  const columns: TableColumnsType<AdminItemSummary> = [
    {
      title: t('catalogAdmin.item.implementationCode'),
      dataIndex: 'implementationCode',
      key: 'code',
      width: 160,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
      sorter: (a, b) => a.implementationCode.localeCompare(b.implementationCode),
    },
    {
      title: t('catalogAdmin.item.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, item) => <Link to={`${paths.items}/${item.implementationCode}`}>{name}</Link>,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    { title: t('catalogAdmin.item.department'), dataIndex: 'departmentName', key: 'department', width: 190 },
    {
      title: t('catalogAdmin.item.caseKind'),
      dataIndex: 'caseKind',
      key: 'caseKind',
      width: 100,
      render: (kind: string) => (kind in codeLabels.caseKind ? pick(codeLabels.caseKind[kind as CaseKind]).split(' (')[0] : kind),
    },
    {
      title: t('catalogAdmin.items.visits'),
      dataIndex: 'visitsRequired',
      key: 'visits',
      width: 100,
      render: (visits: number) => (visits === 0 ? <Tag color="green">{t('catalogAdmin.item.visits0')}</Tag> : <Tag>{t('catalogAdmin.item.visits1')}</Tag>),
    },
    {
      title: t('catalogAdmin.items.status'),
      key: 'status',
      width: 230,
      filters: [
        { value: 'draft', text: t('catalogAdmin.items.hasDraft') },
        { value: 'unpublished', text: t('catalogAdmin.items.neverPublished') },
      ],
      onFilter: (value, item) => (value === 'draft' ? item.draftVersion !== null : item.status === 'draft'),
      render: (_, item) => (
        <Space size={[0, 4]} wrap>
          {item.status === 'published' ? <Tag color="success">{t('catalogAdmin.items.publishedTag', { version: item.version })}</Tag> : <Tag>{t('catalogAdmin.items.neverPublished')}</Tag>}
          {item.draftVersion !== null ? <Tag color="processing">{t('catalogAdmin.items.draftTag', { version: item.draftVersion })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, item) => (
        <Button size="small" type="link" onClick={() => navigate(`${paths.items}/${item.implementationCode}`)} aria-label={`${t('common.edit')} ${item.name}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalogAdmin.nav.items')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCatalog()}>
            {t('catalogAdmin.items.export')}
          </Button>
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            beforeUpload={(file) => {
              void importCatalog(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={importing}>
              {t('catalogAdmin.items.import')}
            </Button>
          </Upload>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${paths.items}/new`)}>
            {t('catalogAdmin.items.create')}
          </Button>
        </Space>
      </Space>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search allowClear placeholder={t('catalogAdmin.items.search')} aria-label={t('catalogAdmin.items.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 280 }} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalogAdmin.items.allDepartments')}
          aria-label={t('catalogAdmin.item.department')}
          options={departments}
          value={department ?? undefined}
          onChange={(value: string | undefined) => setDepartment(value ?? null)}
          style={{ width: 240 }}
        />
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AdminItemSummary>
        rowKey="implementationCode"
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        size="middle"
        scroll={{ x: 1000 }}
      />

      <Modal
        open={imported !== null}
        title={t('catalogAdmin.import.doneTitle')}
        onCancel={() => setImported(null)}
        footer={
          <Button type="primary" onClick={() => setImported(null)}>
            {t('catalogAdmin.ok')}
          </Button>
        }
      >
        {imported ? <Alert type="success" showIcon title={t('catalogAdmin.import.done', { published: imported.published, unchanged: imported.unchanged, bundles: imported.bundles })} /> : null}
      </Modal>

      <Modal
        open={importError !== null}
        title={t('catalogAdmin.import.failedTitle')}
        width={820}
        onCancel={() => setImportError(null)}
        footer={
          <Button type="primary" onClick={() => setImportError(null)}>
            {t('catalogAdmin.ok')}
          </Button>
        }
      >
        {importError ? (
          <>
            <Alert type="error" showIcon title={importError.problems.length > 0 ? t('catalogAdmin.import.failed', { count: importError.problems.length }) : importError.text} style={{ marginBottom: 16 }} />
            {importError.problems.length > 0 ? (
              <Table<CatalogImportProblem & { n: number }>
                rowKey="n"
                size="small"
                pagination={importError.problems.length > 10 ? { pageSize: 10 } : false}
                dataSource={importError.problems.map((p, n) => ({ ...p, n }))}
                columns={[
                  { title: t('catalogAdmin.import.sheet'), dataIndex: 'sheet', key: 'sheet', width: 120, render: (v: string) => v || '—' },
                  { title: t('catalogAdmin.import.row'), dataIndex: 'row', key: 'row', width: 70, render: (v: number) => (v > 0 ? v : '—') },
                  { title: t('catalogAdmin.import.column'), dataIndex: 'column', key: 'column', width: 160, render: (v: string) => v || '—' },
                  { title: t('catalogAdmin.import.problem'), key: 'message', render: (_: unknown, p: CatalogImportProblem) => pick({ zh: p.message, en: p.messageEn }) },
                ]}
              />
            ) : null}
          </>
        ) : null}
      </Modal>
    </Card>
  );
}
