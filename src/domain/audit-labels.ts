/**
 * The audit log in words: every action the platform records (`record({ action })` in the services)
 * and every kind of object it records it about, in Chinese and English, and a row's summary as a
 * sentence ("受理 办件 3709822026112300001（社会团体成立登记）"). test/audit-ledger.test.ts reads the
 * services' source and fails when an action written there has no label here.
 */
import { caseActions } from './case-lifecycle.ts';
import { taskActions } from './case-process.ts';
import { ticketActions } from './hall.ts';

export type Words = { zh: string; en: string };

const fromTable = <T extends Record<string, { label: Words }>>(prefix: string, table: T, wrap: (label: Words) => Words = (l) => l): Record<string, Words> =>
  Object.fromEntries(Object.entries(table).map(([key, value]) => [`${prefix}${key}`, wrap(value.label)]));

export const auditActionLabels: Record<string, Words> = {
  // Cases: intake's decisions, the window's actions (the lifecycle's own words), department tasks, the password.
  'case.submitted': { zh: '收件', en: 'Received' },
  'case.accepted': { zh: '受理', en: 'Accepted' },
  'case.correction_notice': { zh: '一次性告知补正', en: 'Correction notice' },
  'case.refused': { zh: '不予受理', en: 'Refused' },
  ...fromTable('case.', caseActions),
  ...fromTable('case.task.', taskActions, (l) => ({ zh: `审查:${l.zh}`, en: `Review: ${l.en}` })),
  'case.query_password_reset': { zh: '重置查询密码', en: 'Query password reset' },
  'filing.received': { zh: '接收备案', en: 'Filing received' },
  'filing.reviewed': { zh: '案卷评查', en: 'Case file reviewed' },
  'filing.sample_percent_set': { zh: '设置评查抽样比例', en: 'Review sample share set' },
  'clock.warned': { zh: '办结时限预警', en: 'Time-limit warnings raised' },
  'clock.reminded': { zh: '逾期提醒', en: 'Overdue reminders sent' },
  // The hall.
  'hall.classes_set_up': { zh: '初始化业务类别', en: 'Ticket classes set up' },
  'hall.class_saved': { zh: '保存业务类别', en: 'Ticket class saved' },
  'hall.window_classes_set': { zh: '设置窗口业务', en: 'Window classes set' },
  'hall.window_opened': { zh: '窗口签到', en: 'Window opened' },
  'hall.ticket_issued': { zh: '取号', en: 'Ticket issued' },
  'hall.ticket_called': { zh: '叫号', en: 'Ticket called' },
  ...fromTable('hall.ticket_', ticketActions, (l) => ({ zh: `号票${l.zh}`, en: `Ticket: ${l.en}` })),
  'appointment.booked': { zh: '预约', en: 'Appointment booked' },
  'appointment.cancelled': { zh: '取消预约', en: 'Appointment cancelled' },
  'appointment.checked_in': { zh: '预约签到', en: 'Appointment checked in' },
  'appointment.no_show': { zh: '预约爽约', en: 'Appointment missed' },
  'appointment.reminded': { zh: '预约提醒', en: 'Appointment reminder sent' },
  'appointment.template_added': { zh: '新增预约时段', en: 'Appointment slots added' },
  'appointment.template_removed': { zh: '删除预约时段', en: 'Appointment slots removed' },
  // Applicants and licences.
  'applicant.registered': { zh: '登记申请人', en: 'Applicant registered' },
  'applicant.updated': { zh: '修改申请人', en: 'Applicant updated' },
  'licence.imported': { zh: '导入证照', en: 'Licence imported' },
  'licence.revoked': { zh: '注销证照', en: 'Licence revoked' },
  'licence_key.rotated': { zh: '轮换签章密钥', en: 'Signing key rotated' },
  'licence_key.compromised': { zh: '吊销泄露的签章密钥', en: 'Compromised signing key revoked' },
  'licence_types.saved': { zh: '保存证照类型', en: 'Licence types saved' },
  // The catalog and the calendar.
  'item.draft_saved': { zh: '保存事项草稿', en: 'Item draft saved' },
  'item.draft_discarded': { zh: '放弃事项草稿', en: 'Item draft discarded' },
  'item.published': { zh: '发布事项', en: 'Item published' },
  'bundle.saved': { zh: '保存一件事', en: 'Bundle saved' },
  'catalog.imported': { zh: '导入事项目录', en: 'Catalog imported' },
  'item.publicity_set': { zh: '设置事项结果公示', en: 'Item publicity set' },
  'file.uploaded': { zh: '上传文件', en: 'File uploaded' },
  'online.draft_started': { zh: '网上申请:新建草稿', en: 'Online application: draft started' },
  'online.draft_saved': { zh: '网上申请:保存草稿或送达方式', en: 'Online application: draft or delivery saved' },
  'online.file_removed': { zh: '网上申请:删除上传的材料', en: 'Online application: file removed' },
  'online.draft_deleted': { zh: '网上申请:删除草稿(放弃或过期)', en: 'Online application: draft deleted (discarded or expired)' },
  'calendar.year_published': { zh: '发布年度工作日历', en: 'Year calendar published' },
  'calendar.override_set': { zh: '调整工作日', en: 'Working day changed' },
  'calendar.override_removed': { zh: '撤销工作日调整', en: 'Working-day change removed' },
  // The organisation, staff and keys.
  'region.created': { zh: '新增区划', en: 'Region created' },
  'region.renamed': { zh: '更名区划', en: 'Region renamed' },
  'department.created': { zh: '新增部门', en: 'Department created' },
  'department.updated': { zh: '修改部门', en: 'Department updated' },
  'center.created': { zh: '新增服务中心', en: 'Center created' },
  'center.updated': { zh: '修改服务中心', en: 'Center updated' },
  'window.created': { zh: '新增窗口', en: 'Window created' },
  'window.updated': { zh: '修改窗口', en: 'Window updated' },
  'staff.created': { zh: '新增工作人员', en: 'Staff created' },
  'staff.updated': { zh: '修改工作人员', en: 'Staff updated' },
  'staff.grants_changed': { zh: '变更授权', en: 'Grants changed' },
  'staff.password_reset': { zh: '重置密码', en: 'Password reset' },
  'staff.signed_in': { zh: '登录', en: 'Signed in' },
  'staff.signed_out': { zh: '退出登录', en: 'Signed out' },
  'api_key.created': { zh: '签发 API 密钥', en: 'API key issued' },
  'push.subscription_created': { zh: '新建推送订阅', en: 'Push subscription created' },
  'push.subscription_updated': { zh: '修改推送订阅', en: 'Push subscription changed' },
  'push.subscription_deleted': { zh: '删除推送订阅', en: 'Push subscription deleted' },
  'push.secret_rotated': { zh: '更换推送签名密钥', en: 'Push signing secret rotated' },
  'push.replayed': { zh: '按时间重推事件', en: 'Push events replayed' },
  'push.redelivered': { zh: '重新推送死信', en: 'Dead letter sent again' },
  'api_key.revoked': { zh: '吊销 API 密钥', en: 'API key revoked' },
  'api_key.scope_changed': { zh: '设置 API 密钥共享范围', en: 'API key sharing scope set' },
  // The online channel (一网通办): codes, sign-ins, the real-name binding, businesses.
  'online.code_requested': { zh: '发送短信验证码', en: 'One-time code sent' },
  'online.signed_in': { zh: '网上办事登录', en: 'Signed in online' },
  'online.signed_out': { zh: '网上办事退出', en: 'Signed out online' },
  'online.identity_bound': { zh: '实名绑定', en: 'Real name bound' },
  'online.identity_verified': { zh: '实名核验', en: 'Real name verified' },
  'online.business_registered': { zh: '登记为单位法定代表人', en: 'Registered as legal representative' },
  'online.handler_added': { zh: '添加授权经办人', en: 'Handler added' },
  'online.handler_removed': { zh: '移除授权经办人', en: 'Handler removed' },
  'agent_authorisation.created': { zh: '签订代办委托书', en: 'Proxy authorisation taken' },
  'agent_authorisation.confirmed': { zh: '委托人确认代办委托', en: 'Proxy authorisation confirmed' },
  'agent_authorisation.suspended': { zh: '中止代办委托', en: 'Proxy authorisation suspended' },
  'agent_authorisation.resumed': { zh: '恢复代办委托', en: 'Proxy authorisation resumed' },
  'agent_authorisation.ended': { zh: '终止代办委托', en: 'Proxy authorisation ended' },
  'agent_authorisation.renewed': { zh: '续办代办委托', en: 'Proxy authorisation renewed' },
  'agent.followed_up': { zh: '代办回访', en: 'Proxy case followed up' },
  'rectification.triaged': { zh: '差评核实与分类', en: 'Bad rating verified and triaged' },
  'rectification.reported': { zh: '差评整改反馈', en: 'Rectification reported back' },
  'rectification.revisited': { zh: '差评回访', en: 'Bad rating revisited' },
  'rectification.re_rated': { zh: '记录重新评价', en: 'Re-rating recorded' },
  'rectification.closed': { zh: '差评整改办结', en: 'Rectification closed' },
  'rectification.appealed': { zh: '差评申诉', en: 'Bad rating appealed' },
  'rectification.appeal_upheld': { zh: '申诉成立', en: 'Appeal upheld' },
  'rectification.appeal_rejected': { zh: '申诉驳回', en: 'Appeal rejected' },
  'alert.raised': { zh: '电子监察预警', en: 'Supervision alert raised' },
  'alert.responded': { zh: '响应监察预警', en: 'Supervision alert responded to' },
  'alert.closed': { zh: '办结监察预警', en: 'Supervision alert closed' },
  'complaint.receive': { zh: '受理诉求件', en: 'Complaint received' },
  'supervision.targets': { zh: '设置督查目标值', en: 'Supervision targets set' },
  'complaint.dispatch': { zh: '诉求件派单', en: 'Complaint dispatched' },
  'complaint.reassign': { zh: '诉求件改派', en: 'Complaint reassigned' },
  'complaint.accept': { zh: '诉求件签收办理', en: 'Complaint accepted' },
  'complaint.return': { zh: '诉求件退回', en: 'Complaint returned' },
  'complaint.answer': { zh: '诉求件答复', en: 'Complaint answered' },
  'complaint.supervise': { zh: '诉求件督办', en: 'Complaint supervised' },
  'complaint.escalate': { zh: '诉求件超时自动督办', en: 'Complaint escalated when overdue' },
  'complaint.close': { zh: '诉求件办结', en: 'Complaint closed' },
  'complaint.revisit': { zh: '诉求件回访', en: 'Complaint revisited' },
  'complaint.rate': { zh: '诉求件评价', en: 'Complaint rated' },
  'notification.template_saved': { zh: '修改通知模板', en: 'Notification template saved' },
  'quality.settings_saved': { zh: '设置好差评和投诉时限', en: 'Rating and complaint limits set' },
  'rating.given': { zh: '评价', en: 'Rated' },
  'rating.changed': { zh: '修改评价', en: 'Rating changed' },
  'rating.bad': { zh: '差评转整改', en: 'Bad rating sent for rectification' },
  'rating.rectification_closed': { zh: '评价人改为满意,整改关闭', en: 'Rater changed to satisfied: rectification closed' },
  'rating.defaulted': { zh: '默认评价(基本满意)', en: 'Rated by default (basically satisfied)' },
};

export const auditEntityLabels: Record<string, Words> = {
  online_account: { zh: '网上办事账号', en: 'Online account' },
  one_time_code: { zh: '短信验证码', en: 'One-time code' },
  business_handler: { zh: '单位经办人', en: 'Business handler' },
  case: { zh: '办件', en: 'Case' },
  filing: { zh: '备案', en: 'Filing' },
  ticket: { zh: '号票', en: 'Ticket' },
  appointment: { zh: '预约', en: 'Appointment' },
  applicant: { zh: '申请人', en: 'Applicant' },
  licence: { zh: '证照', en: 'Licence' },
  licence_type: { zh: '证照类型', en: 'Licence type' },
  signing_key: { zh: '签章密钥', en: 'Signing key' },
  service_item: { zh: '事项', en: 'Item' },
  bundle: { zh: '一件事', en: 'Bundle' },
  catalog: { zh: '事项目录', en: 'Catalog' },
  catalog_file: { zh: '文件', en: 'File' },
  calendar: { zh: '工作日历', en: 'Calendar' },
  clock: { zh: '时限监控', en: 'Case clock' },
  region: { zh: '区划', en: 'Region' },
  department: { zh: '部门', en: 'Department' },
  center: { zh: '服务中心', en: 'Center' },
  window: { zh: '窗口', en: 'Window' },
  staff: { zh: '工作人员', en: 'Staff' },
  api_key: { zh: 'API 密钥', en: 'API key' },
  push_subscription: { zh: '推送订阅', en: 'Push subscription' },
  agent_authorisation: { zh: '代办委托书', en: 'Proxy authorisation' },
  rating_rectification: { zh: '差评整改任务', en: 'Rectification task' },
  complaint: { zh: '诉求件', en: 'Complaint' },
  supervision_alert: { zh: '监察预警', en: 'Supervision alert' },
  notification_template: { zh: '通知模板', en: 'Notification template' },
  quality_settings: { zh: '好差评设置', en: 'Rating settings' },
  rating: { zh: '好差评', en: 'Rating' },
};

export function auditActionLabel(action: string): Words {
  return auditActionLabels[action] ?? { zh: action, en: action };
}

export function auditEntityLabel(entityType: string): Words {
  return auditEntityLabels[entityType] ?? { zh: entityType, en: entityType };
}

/** How the object of a row is named: a case by number and item, a person or a unit by name, a ticket by number. */
export interface AuditSubject {
  /** The number or name people know it by. */
  name: string | null;
  /** What it is about (a case's item). */
  detail: string | null;
}

/** The row as a sentence: action, object, its name and what it is about ("受理 办件 3709…（社会团体成立登记）"). */
export function auditSummary(row: { action: string; entityType: string; entityId: string }, subject: AuditSubject): Words {
  const action = auditActionLabel(row.action);
  const entity = auditEntityLabel(row.entityType);
  const name = subject.name ?? row.entityId.slice(0, 8);
  return {
    zh: `${action.zh} ${entity.zh} ${name}${subject.detail ? `（${subject.detail}）` : ''}`,
    en: `${action.en}: ${entity.en.toLowerCase()} ${name}${subject.detail ? ` (${subject.detail})` : ''}`,
  };
}
