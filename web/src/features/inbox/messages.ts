/** Words of 部门待办; English must have every key of the Chinese (the typecheck says so). */
export const inboxZh = {
  'inbox.nav': '部门待办',
  'inbox.col.stage': '审查环节',
  'inbox.col.taskStatus': '待办状态',
  'inbox.col.assignee': '承办人',
  'inbox.col.taskDue': '环节期限',
  'inbox.col.caseDue': '办结期限',
  'inbox.filter.all': '全部 {n}',
  'inbox.filter.pending': '待签收 {n}',
  'inbox.filter.claimed': '办理中 {n}',
  'inbox.filter.warned': '预警 {n}',
  'inbox.handle': '办理',
  'inbox.claimed': '已签收 {caseNo}',
  'inbox.empty': '暂无待办',
};

export const inboxEn: Record<keyof typeof inboxZh, string> = {
  'inbox.nav': 'Inbox',
  'inbox.col.stage': 'Stage',
  'inbox.col.taskStatus': 'Task',
  'inbox.col.assignee': 'Handled by',
  'inbox.col.taskDue': 'Stage due',
  'inbox.col.caseDue': 'Case due',
  'inbox.filter.all': 'All {n}',
  'inbox.filter.pending': 'To claim {n}',
  'inbox.filter.claimed': 'In hand {n}',
  'inbox.filter.warned': 'Warned {n}',
  'inbox.handle': 'Open',
  'inbox.claimed': 'Claimed {caseNo}',
  'inbox.empty': 'Nothing to do',
};
