/**
 * 审查环节: the back office's stages in order, each a set of department tasks run in parallel
 * (会签: all must approve; 或签: any one decides). Every task card shows its department, status,
 * holder, time limit and opinion, and exactly the task actions the server offers this user on it.
 * Assigning a task offers the colleagues the server says may take it over.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, AutoComplete, Row, Select, Space, Steps, Tag, Typography } from 'antd';
import { taskActions } from '../../../../src/domain/case-process.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction, useResource } from '../../shared/resource.ts';
import { FormModal } from '../../shared/FormModal.tsx';
import { taskModeLabels } from './labels.ts';
import { casesApi, type Assignee, type CaseTask, type CaseView, type TaskAction } from './model.ts';
import { TaskStatusTag } from './tags.tsx';

export interface ReviewStagesProps {
  view: CaseView;
  onView(view: CaseView): void;
  onError(error: unknown): void;
}

interface Stage {
  index: number;
  name: string;
  mode: 'all' | 'any';
  tasks: CaseTask[];
  state: 'wait' | 'process' | 'finish' | 'error';
}

const openStatuses = ['pending', 'claimed'];
const procedures = ['听证', '专家评审', '现场核查', '公示', '检验检测', '招标拍卖'];

function stagesOf(tasks: readonly CaseTask[]): Stage[] {
  const byIndex = new Map<number, CaseTask[]>();
  for (const task of tasks) byIndex.set(task.stageIndex, [...(byIndex.get(task.stageIndex) ?? []), task]);
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => {
      // The latest round first; earlier rounds (before a return) stay visible below it.
      const sorted = [...list].sort((a, b) => b.round - a.round || a.departmentName.localeCompare(b.departmentName, 'zh-CN'));
      const latest = sorted.filter((t) => t.round === sorted[0]!.round);
      const state: Stage['state'] = latest.some((t) => openStatuses.includes(t.status)) ? 'process' : latest.some((t) => t.status === 'rejected') ? 'error' : latest.some((t) => t.status === 'approved') ? 'finish' : 'wait';
      return { index, name: sorted[0]!.stageName, mode: sorted[0]!.mode, tasks: sorted, state };
    });
}

/** Today in China (UTC+8), the day due dates are counted in. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The test id of a task card: a department's current task (open, else the newest) has the plain
 * `task-<department>`; its earlier tasks get `task-<department>-1`, `-2`…
 */
function testIds(tasks: readonly CaseTask[]): Map<string, string> {
  const ids = new Map<string, string>();
  const isOpen = (t: CaseTask) => (openStatuses.includes(t.status) ? 1 : 0);
  const newestFirst = [...tasks].sort((a, b) => isOpen(b) - isOpen(a) || b.createdAt.localeCompare(a.createdAt) || b.round - a.round || b.stageIndex - a.stageIndex);
  const seen = new Map<string, number>();
  for (const task of newestFirst) {
    const n = seen.get(task.departmentName) ?? 0;
    seen.set(task.departmentName, n + 1);
    ids.set(task.id, n === 0 ? `task-${task.departmentName}` : `task-${task.departmentName}-${n}`);
  }
  return ids;
}

export function ReviewStages({ view, onView, onError }: ReviewStagesProps) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [modal, setModal] = useState<{ open: boolean; task: CaseTask | null; action: TaskAction | null }>({ open: false, task: null, action: null });
  const assigneeList = useResource<Assignee[]>(modal.open && modal.action === 'assign' && modal.task ? `/api/cases/${view.id}/tasks/${modal.task.id}/assignees` : null);
  const claim = useAction();
  const [busy, setBusy] = useState<string | null>(null);
  const stages = useMemo(() => stagesOf(view.tasks), [view.tasks]);
  const ids = useMemo(() => testIds(view.tasks), [view.tasks]);
  const today = todayInChina();

  if (stages.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view.caseKind === 'instant' ? t('cases.stages.instant') : t('cases.stages.none')} />;
  }

  const done = (action: TaskAction) => t('cases.actionDone', { action: pick(taskActions[action].label) });

  const sendClaim = async (task: CaseTask) => {
    setBusy(task.id);
    try {
      onView(await casesApi.actOnTask(claim, view.id, task.id, { action: 'claim' }));
      void message.success(done('claim'));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  };

  const visibleActions = (task: CaseTask) => task.actions;

  // The server lists who may take the task over: the department's reviewers (or the town's approvers).
  const assignees = (_task: CaseTask) => (assigneeList.data ?? []).map((s) => ({ value: s.id, label: `${s.displayName}(${s.username})` }));

  const current = modal.task;
  const currentAction = modal.action;
  const rule = currentAction ? taskActions[currentAction] : null;
  const opinionLabel =
    currentAction === 'reject' || currentAction === 'return_previous' || currentAction === 'return_to_applicant'
      ? t('cases.task.reason')
      : currentAction === 'suspend'
        ? t('cases.task.procedureNote')
        : currentAction === 'resume'
          ? t('cases.field.noteOptional')
          : rule?.needsText
            ? t('cases.task.opinion')
            : t('cases.field.opinionOptional');

  return (
    <>
      <Steps
        size="small"
        style={{ marginBottom: 16 }}
        current={Math.max(
          0,
          stages.findIndex((s) => s.state === 'process' || s.state === 'error'),
        )}
        items={stages.map((s) => ({ title: s.name, status: s.state, content: pick(taskModeLabels[s.mode]) }))}
      />
      {stages.map((stage) => (
        <div key={stage.index} style={{ marginBottom: 16 }} data-testid={`stage-${stage.index + 1}`}>
          <Space style={{ marginBottom: 8 }} wrap>
            <Typography.Text strong>{t('cases.stages.stage', { n: stage.index + 1, name: stage.name })}</Typography.Text>
            <Tag color={stage.mode === 'all' ? 'blue' : 'cyan'}>{pick(taskModeLabels[stage.mode])}</Tag>
          </Space>
          <Row gutter={[12, 12]}>
            {stage.tasks.map((task) => {
              const open = openStatuses.includes(task.status);
              const overdue = open && task.dueDate !== null && task.dueDate < today;
              const history = task.round < stage.tasks[0]!.round;
              return (
                <Col key={task.id} xs={24} md={12} xxl={8}>
                  <Card
                    size="small"
                    data-testid={ids.get(task.id)}
                    style={{ height: '100%', opacity: history ? 0.65 : 1, borderColor: overdue ? '#ffa39e' : undefined }}
                    title={
                      <Space size={6} wrap>
                        <span>{task.departmentName}</span>
                        {task.round > 1 ? <Tag>{t('cases.task.round', { n: task.round })}</Tag> : null}
                      </Space>
                    }
                    extra={<TaskStatusTag status={task.status} />}
                  >
                    <Descriptions
                      size="small"
                      column={1}
                      items={[
                        { key: 'assignee', label: t('cases.task.assignee'), children: task.assigneeName ?? <Typography.Text type="secondary">{t('cases.task.unassigned')}</Typography.Text> },
                        {
                          key: 'due',
                          label: t('cases.task.due'),
                          children: task.dueDate ? (
                            <Space size={4}>
                              <span style={overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{task.dueDate}</span>
                              {overdue ? <Tag color="error">{t('cases.task.overdue')}</Tag> : null}
                            </Space>
                          ) : (
                            '—'
                          ),
                        },
                        { key: 'opinion', label: t('cases.task.opinion'), children: task.opinion ? <span style={{ whiteSpace: 'pre-wrap' }}>{task.opinion}</span> : '—' },
                      ]}
                    />
                    {visibleActions(task).length > 0 ? (
                      <Space wrap style={{ marginTop: 8 }}>
                        {visibleActions(task).map((action) => (
                          <Button
                            key={action}
                            size="small"
                            type={action === 'approve' || action === 'claim' ? 'primary' : 'default'}
                            danger={action === 'reject'}
                            loading={action === 'claim' && busy === task.id}
                            data-action={action}
                            onClick={() => (action === 'claim' ? void sendClaim(task) : setModal({ open: true, task, action }))}
                          >
                            {pick(taskActions[action].label)}
                          </Button>
                        ))}
                      </Space>
                    ) : null}
                  </Card>
                </Col>
              );
            })}
          </Row>
        </div>
      ))}

      <FormModal<{ opinion?: string; procedure?: string; assigneeId?: string }, CaseView>
        okText={t('cases.confirm')}
        width={520}
        key={`${current?.id ?? ''}-${currentAction ?? ''}`}
        open={modal.open}
        title={current && currentAction ? `${pick(taskActions[currentAction].label)} · ${current.departmentName}` : ''}
        danger={currentAction === 'reject'}
        successMessage={currentAction ? done(currentAction) : ''}
        testId={currentAction ? `modal-task-${currentAction}` : undefined}
        onDone={onView}
        onConflict={onError}
        onClose={() => setModal((m) => ({ ...m, open: false }))}
        onSubmit={(values, action) => {
          const opinion = (values.opinion ?? '').trim();
          return casesApi.actOnTask(action, view.id, current!.id, {
            action: currentAction!,
            ...(opinion ? { opinion } : {}),
            ...(currentAction === 'assign' ? { assigneeId: values.assigneeId } : {}),
            ...(currentAction === 'suspend' && values.procedure?.trim() ? { procedure: values.procedure.trim() } : {}),
          });
        }}
      >
        {currentAction === 'assign' && current ? (
          <Form.Item name="assigneeId" label={t('cases.task.assignTo')} rules={[{ required: true, message: t('cases.field.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={assigneeList.loading} options={assignees(current)} notFoundContent={assigneeList.error ? t('error.loadFailed') : t('cases.task.noAssignees')} />
          </Form.Item>
        ) : null}
        {currentAction === 'suspend' ? (
          <>
            <Typography.Paragraph type="secondary">{t('cases.hint.suspend')}</Typography.Paragraph>
            <Form.Item name="procedure" label={t('cases.task.procedure')}>
              <AutoComplete options={procedures.map((p) => ({ value: p }))} maxLength={100} />
            </Form.Item>
          </>
        ) : null}
        {currentAction === 'return_to_applicant' ? <Typography.Paragraph type="secondary">{t('cases.hint.returnToApplicant')}</Typography.Paragraph> : null}
        {currentAction === 'return_previous' ? <Typography.Paragraph type="secondary">{t('cases.hint.returnPrevious')}</Typography.Paragraph> : null}
        {currentAction && currentAction !== 'assign' ? (
          <Form.Item name="opinion" label={opinionLabel} rules={rule?.needsText ? [{ required: true, whitespace: true, message: t('cases.field.required') }] : []}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={currentAction === 'approve' ? t('cases.field.approveDefault') : undefined} />
          </Form.Item>
        ) : null}
      </FormModal>
    </>
  );
}
