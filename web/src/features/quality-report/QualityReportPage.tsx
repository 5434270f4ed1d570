/**
 * 好差评月报 (`/quality/report`, permission quality.report): a region subtree's month per
 * department as a table with a total row, the headline figures and the levels bar above it, the
 * Excel export (with its 说明 sheet) and the upward report file for the province (JSON or CSV).
 * The region and month are in the address (`?region=…&month=…`); a grant narrowed to a department
 * sees only its own rows (the server narrows; the page says so).
 */
import { useState } from 'react';
import { App, Alert, Button, Card, Input, Select, Skeleton, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { grantHolds } from '../../../../src/domain/permissions.ts';
import { isWithinRegion } from '../../../../src/domain/region.ts';
import { downloadFile, type Region } from '../../api.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { QualityFiguresView } from '../quality-public/QualityPublicPage.tsx';
import { chinaDateOf, currentMonth, formatRate, isMonth, qualityApi, type QualityFigures, type QualityReport } from '../quality-public/model.ts';

interface TableRow {
  key: string;
  name: string;
  figures: QualityFigures;
  total?: boolean;
}

export default function QualityReportPage() {
  const { t, errorText } = useI18n();
  const { message } = App.useApp();
  const { staff } = useStaff();
  const [params, setParams] = useSearchParams();
  const regions = useResource<Region[]>('/api/regions');
  const grantPaths = staff.grants.filter((g) => grantHolds(g, 'quality.report')).map((g) => regions.data?.find((r) => r.code === g.regionCode)?.path);
  const choices = (regions.data ?? []).filter((r) => grantPaths.some((p) => p !== undefined && isWithinRegion(r.path, p)));
  const region = params.get('region') ?? staff.grants.find((g) => grantHolds(g, 'quality.report'))?.regionCode ?? '';
  const month = isMonth(params.get('month')) ? params.get('month')! : currentMonth();
  const report = useResource<QualityReport>(region ? qualityApi.report(region, month) : null);
  const [busy, setBusy] = useState<string | null>(null);
  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const download = async (key: string, path: string, name: string) => {
    setBusy(key);
    try {
      await downloadFile(path, name);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  const num = (pick: (f: QualityFigures) => number) => (_: unknown, row: TableRow) => pick(row.figures);
  const columns: TableColumnsType<TableRow> = [
    { title: t('quality.department'), dataIndex: 'name', key: 'name', fixed: 'left', width: 170, render: (name: string, row) => (row.total ? <b>{name}</b> : name) },
    { title: t('qualityReport.col.total'), key: 'total', align: 'right', render: num((f) => f.total) },
    { title: t('qualityReport.col.satisfaction'), key: 'satisfaction', align: 'right', render: (_, r) => formatRate(r.figures.satisfactionRate) },
    { title: t('qualityReport.col.bad'), key: 'bad', align: 'right', render: num((f) => f.bad) },
    { title: t('qualityReport.col.defaults'), key: 'defaults', align: 'right', render: num((f) => f.defaults) },
    { title: t('qualityReport.col.excluded'), key: 'excluded', align: 'right', render: num((f) => f.excluded) },
    { title: t('qualityReport.col.rect'), key: 'rect', align: 'right', render: (_, r) => `${r.figures.rectOnTime}/${r.figures.rectLate}` },
    { title: t('qualityReport.col.rectRate'), key: 'rectRate', align: 'right', render: (_, r) => formatRate(r.figures.rectOnTimeRate) },
    { title: t('qualityReport.col.revisit'), key: 'revisit', align: 'right', render: (_, r) => formatRate(r.figures.revisitRate) },
    { title: t('qualityReport.col.complaints'), key: 'complaints', align: 'right', render: num((f) => f.complaintsTotal) },
    { title: t('qualityReport.col.closedOnTime'), key: 'closedOnTime', align: 'right', render: (_, r) => formatRate(r.figures.complaintsClosedOnTimeRate) },
    { title: t('qualityReport.col.overdue'), key: 'overdue', align: 'right', render: (_, r) => (r.figures.complaintsOverdueOpen > 0 ? <Typography.Text type="danger">{r.figures.complaintsOverdueOpen}</Typography.Text> : 0) },
  ];
  const data = report.data;
  const rows: TableRow[] = data ? [...data.departments.map((d) => ({ key: d.departmentId ?? 'none', name: d.name, figures: d.figures })), { key: 'total', name: t('qualityReport.total'), figures: data.totals, total: true }] : [];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('qualityReport.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('qualityReport.intro')}</Typography.Text>
      </div>
      <Space wrap>
        <Select
          aria-label={t('qualityReport.region')}
          data-testid="quality-region"
          style={{ width: 220 }}
          value={region || undefined}
          loading={regions.loading}
          options={choices.map((r) => ({ value: r.code, label: r.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(code: string) => set('region', code)}
        />
        <Input type="month" aria-label={t('quality.month')} data-testid="quality-month" style={{ width: 170 }} value={month} onChange={(e) => isMonth(e.target.value) && set('month', e.target.value)} />
        <Button
          type="primary"
          icon={<FileExcelOutlined />}
          data-testid="quality-export"
          loading={busy === 'xlsx'}
          disabled={!region}
          onClick={() => void download('xlsx', qualityApi.exportPath(region, month), t('qualityReport.exportName'))}
        >
          {t('qualityReport.export')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          data-testid="quality-upward-json"
          loading={busy === 'json'}
          disabled={!region}
          onClick={() => void download('json', qualityApi.upwardPath(region, month, 'json'), `${t('qualityReport.upwardName')}.json`)}
        >
          {t('qualityReport.upwardJson')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          data-testid="quality-upward-csv"
          loading={busy === 'csv'}
          disabled={!region}
          onClick={() => void download('csv', qualityApi.upwardPath(region, month, 'csv'), `${t('qualityReport.upwardName')}.csv`)}
        >
          {t('qualityReport.upwardCsv')}
        </Button>
      </Space>
      {report.error && !data ? <LoadError error={report.error} onRetry={() => void report.reload()} /> : null}
      {!data && !report.error ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {data ? (
        <>
          {data.narrowed ? <Alert type="info" showIcon message={t('qualityReport.narrowed')} /> : null}
          <Typography.Text type="secondary" data-testid="quality-as-of">
            {t('qualityReport.asOf', { date: chinaDateOf(data.asOf), code12: data.region.code12 })}
          </Typography.Text>
          <QualityFiguresView figures={data.totals} />
          <Card size="small" title={`${data.region.name} · ${data.month} · ${t('quality.byDepartment')}`}>
            <Table<TableRow> data-testid="quality-table" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} rowClassName={(r) => (r.total ? 'ant-table-row-selected' : '')} />
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            <b>{t('quality.definitions')}:</b>
            {t('quality.definitionsText')}
          </Typography.Paragraph>
        </>
      ) : null}
    </Space>
  );
}
