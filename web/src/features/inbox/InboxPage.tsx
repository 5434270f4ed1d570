/**
 * 部门待办 (`/inbox`): the open tasks of the user's departments (and, for a town approver, the
 * delegated cases of the town), soonest due first as the server orders them. Overdue rows are
 * red, rows due soon yellow; a paused case says so. A click opens the case; 签收 claims an
 * unclaimed task right from the list.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { taskActions } from '../../../../src/domain/case-process.ts';
import { Action, isApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { casePath, casesApi, type InboxEntry, type WarningLevel } from '../cases/model.ts';
import { DueDate, PausedTag, TaskStatusTag, WarningTag, rowProps, warningRowStyle } from '../cases/tags.tsx';

type Filter = 'all' | 'mine' | 'pending' | 'warned';

/** Today in China (UTC+8), the day due dates are counted in. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A task past its own due date is red even while the case as a whole still has time. */
/** A task past its stage's day is red, unless the case's clock is paused (a special procedure, a correction): then no day runs. */
function taskWarning(row: InboxEntry, today: string): WarningLevel {
  if (row.pausedKind) return 'none';
  return row.taskDueDate !== null && row.taskDueDate < today ? 'red' : 'none';
}

function worse(a: WarningLevel, b: WarningLevel): WarningLevel {
  return a === 'red' || b === 'red' ? 'red' : a === 'yellow' || b === 'yellow' ? 'yellow' : 'none';
}

export default function InboxPage() {
  const { t, pick, errorText } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const inbox = useResource<InboxEntry[]>('/api/inbox');
  const [filter, setFilter] = useState<Filter>('all');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One key per claim: a retry of the same task's claim reuses it.
  const claims = useRef(new Map<string, Action>());
  const today = todayInChina();

  const rows = (inbox.data ?? []).filter((row) => {
    if (filter === 'pending') return row.taskStatus === 'pending';
    if (filter === 'mine') return row.taskStatus === 'claimed';
    if (filter === 'warned') return worse(row.warning, taskWarning(row, today)) !== 'none';
    return true;
  });
  const counts = {
    all: inbox.data?.length ?? 0,
    pending: inbox.data?.filter((r) => r.taskStatus === 'pending').length ?? 0,
    mine: inbox.data?.filter((r) => r.taskStatus === 'claimed').length ?? 0,
    warned: inbox.data?.filter((r) => worse(r.warning, taskWarning(r, today)) !== 'none').length ?? 0,
  };

  const claim = async (row: InboxEntry) => {
    const action = claims.current.get(row.taskId) ?? new Action();
    claims.current.set(row.taskId, action);
    setBusy(row.taskId);
    setError(null);
    try {
      await casesApi.actOnTask(action, row.id, row.taskId, { action: 'claim' });
      claims.current.delete(row.taskId);
      void message.success(t('inbox.claimed', { caseNo: row.caseNo }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
      // Claimed, or someone else was quicker (409): either way the list has changed.
      void inbox.reload();
    }
  };

  const columns: TableColumnsType<InboxEntry> = [
    {
      title: t('cases.col.caseNo'),
      key: 'caseNo',
      width: 190,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={casePath(row.id)} onClick={(e) => e.stopPropagation()}>
            {row.caseNo}
          </Link>
          <Space size={4} wrap>
            {row.delegated ? <Tag color="purple">{t('cases.delegated')}</Tag> : null}
            <PausedTag kind={row.pausedKind} />
          </Space>
        </Space>
      ),
    },
    {
      title: t('cases.col.item'),
      key: 'item',
      minWidth: 200,
      ellipsis: true,
      render: (_, row) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: row.itemName }} style={{ display: 'block' }}>
            {row.itemName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {row.applicantName} {row.applicantRef}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('inbox.col.stage'),
      key: 'stage',
      width: 150,
      ellipsis: true,
      render: (_, row) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: row.stageName }} style={{ display: 'block' }}>
            {row.stageName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {row.taskDepartmentName}
          </Typography.Text>
        </div>
      ),
    },
    {
      // Status and who holds the task in one column: the inbox fits a 1366-pixel screen.
      title: t('inbox.col.taskStatus'),
      key: 'status',
      width: 120,
      render: (_, row) => (
        <div>
          <TaskStatusTag status={row.taskStatus} />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
            {row.assigneeName ?? '—'}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('inbox.col.taskDue'),
      key: 'taskDue',
      width: 140,
      render: (_, row) => <DueDate date={row.taskDueDate} warning={taskWarning(row, today)} />,
    },
    {
      title: t('inbox.col.caseDue'),
      key: 'caseDue',
      width: 140,
      render: (_, row) => (
        <Space size={4} wrap>
          <span>{row.dueDate ?? '—'}</span>
          <WarningTag level={row.warning} />
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      // The fixed cell paints its own background: tinted as its row.
      onCell: (row) => ({ style: warningRowStyle(worse(row.warning, taskWarning(row, today))) }),
      render: (_, row) =>
        row.taskStatus === 'pending' ? (
          <Button
            size="small"
            type="primary"
            loading={busy === row.taskId}
            disabled={busy !== null && busy !== row.taskId}
            data-action="claim"
            onClick={(e) => {
              e.stopPropagation();
              void claim(row);
            }}
          >
            {pick(taskActions.claim.label)}
          </Button>
        ) : (
          <Button
            size="small"
            onClick={(e) => {
              e.stopPropagation();
              navigate(casePath(row.id));
            }}
          >
            {t('inbox.handle')}
          </Button>
        ),
    },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('inbox.nav')}
        </Typography.Title>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('inbox.filter.all', { n: counts.all }) },
              { value: 'pending', label: t('inbox.filter.pending', { n: counts.pending }) },
              { value: 'mine', label: t('inbox.filter.claimed', { n: counts.mine }) },
              { value: 'warned', label: t('inbox.filter.warned', { n: counts.warned }) },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void inbox.reload()} loading={inbox.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Space>
      {inbox.error ? <LoadError error={inbox.error} onRetry={inbox.reload} /> : null}
      {error ? <Alert type={isApiError(error) && error.status === 409 ? 'warning' : 'error'} showIcon role="alert" title={errorText(error)} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 16 }} /> : null}
      <Table<InboxEntry>
        rowKey="taskId"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={inbox.loading && !inbox.data}
        tableLayout="fixed"
        scroll={{ x: 960 }}
        onRow={(row) =>
          rowProps(`inbox-row-${row.caseNo}`, {
            style: { cursor: 'pointer', ...warningRowStyle(worse(row.warning, taskWarning(row, today))) },
            onClick: () => navigate(casePath(row.id)),
          })
        }
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('inbox.empty') }}
      />
    </Card>
  );
}
