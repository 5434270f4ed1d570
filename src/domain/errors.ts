/**
 * The one error type of OneWindow. Every failure a caller can act on carries a stable code that says
 * what happened, a Chinese message for the screen and an English one for integrators. The codes, their
 * HTTP statuses and their meanings are the one table below (listed again in docs/API.md; a test holds
 * the two together); `http/errors.ts` answers with the status the table gives.
 *
 * @example
 * throw new AppError('NOT_FOUND', { zh: '部门不存在', en: 'Department not found' });
 * throw new AppError('SLOT_FULL', { zh: '该时段已约满,请选择其他时段', en: 'That slot is full; choose another' }, { reason: 'slot_full' });
 */
export interface ErrorCodeInfo {
  status: number;
  /** What the code means, in Chinese: shown by the web app when a message does not come with it. */
  zh: string;
  en: string;
}

export const errorCodes = {
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'The request is not valid' },
  VALIDATION_FAILED: { status: 400, zh: '填写的内容不符合要求', en: 'A field does not meet its rules' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  FORBIDDEN: { status: 403, zh: '无权进行此操作', en: 'Not permitted' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '内容过大', en: 'Too large' },
  URI_TOO_LONG: { status: 414, zh: '网址中的参数过长', en: 'A parameter in the URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '同一幂等键用于了不同的请求', en: 'The idempotency key was used for another request' },
  /** A well-formed request whose application form does not meet the item's form definition. */
  FORM_INVALID: { status: 422, zh: '申请表填写有误', en: 'The application form is not valid' },
  CALENDAR_UNKNOWN: { status: 422, zh: '超出已知的工作日历', en: 'Beyond the known working calendar' },
  /** A one-time code that is wrong, expired, used or dead after too many tries. */
  CODE_INVALID: { status: 400, zh: '验证码错误或已失效', en: 'The code is wrong or no longer valid' },
  /** An online account whose real-name binding is missing or unverified asked for something that needs it. */
  IDENTITY_NOT_VERIFIED: { status: 403, zh: '实名信息未核验', en: 'The real-name binding is not verified' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误,请稍后再试', en: 'Internal server error' },
  /** Something the server needs is missing where it runs (e.g. the CJK font for licence PDFs); the operator can fix it. */
  UNAVAILABLE: { status: 503, zh: '服务暂不可用,请联系管理员', en: 'Unavailable; tell the operator' },

  // ---- 409: the request is sound, but the state of things refuses it ----------------------------
  /** A 409 no code below names (the framework's); the services always use a code below. */
  CONFLICT: { status: 409, zh: '与当前状态冲突', en: 'Conflicts with the current state' },
  ALREADY_EXISTS: { status: 409, zh: '与已有记录重复', en: 'A record with this key already exists' },
  REFERENCE_VIOLATION: { status: 409, zh: '引用的记录不存在,或仍被其他记录引用', en: 'A record referred to does not exist, or is still referred to' },
  CANNOT_DISABLE_SELF: { status: 409, zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
  DEPARTMENT_NAME_AMBIGUOUS: { status: 409, zh: '有多个同名部门', en: 'Several departments have this name' },
  LICENCE_TYPE_NAME_TAKEN: { status: 409, zh: '证照类型名称已由其他代码使用', en: 'The licence type name belongs to another code' },
  NO_DRAFT: { status: 409, zh: '该事项没有待发布的草稿', en: 'The item has no draft to publish' },
  ITEM_NOT_PUBLISHED: { status: 409, zh: '事项未发布', en: 'The item is not published' },
  ITEM_DEPARTMENT_UNKNOWN: { status: 409, zh: '事项流程中的审查部门不存在', en: 'A reviewing department of the item does not exist' },
  ITEM_LICENCE_TYPE_MISSING: { status: 409, zh: '事项的办理结果未关联证照类型', en: "The item's result names no licence type" },
  CASE_ACTION_NOT_ALLOWED: { status: 409, zh: '办件当前状态或您的角色不允许此操作', en: "The case's status or your role does not allow this action" },
  MATERIALS_MISSING: { status: 409, zh: '材料不齐,不能受理', en: 'Materials are missing: the case cannot be accepted' },
  MATERIALS_COMPLETE: { status: 409, zh: '材料已齐全,无需一次性告知', en: 'Nothing is missing: no correction notice is needed' },
  CORRECTION_NOTICE_ALREADY_GIVEN: { status: 409, zh: '一次性告知书已出具', en: 'The one correction notice was already given' },
  MATERIAL_NOT_DEFERRED: { status: 409, zh: '该材料不是待补齐的容缺材料', en: 'The material is not a deferred one still due' },
  ORGANISATION_NAME_MISSING: { status: 409, zh: '申请表没有单位名称,无法登记', en: 'The form has no organisation name to register' },
  USCC_UNAVAILABLE: { status: 409, zh: '未能生成唯一的统一社会信用代码,请重试', en: 'No unique unified social credit code could be drawn; try again' },
  TASK_ACTION_NOT_ALLOWED: { status: 409, zh: '该待办当前不能进行此操作', en: 'The task does not allow this action now' },
  TASK_ALREADY_CLAIMED: { status: 409, zh: '该待办已被签收', en: 'The task is already claimed' },
  TASK_CLOSED: { status: 409, zh: '该待办已办结', en: 'The task is already closed' },
  FILING_ALREADY_RECEIVED: { status: 409, zh: '该备案已接收', en: 'The filing was already received' },
  FILING_NOT_SAMPLED: { status: 409, zh: '该备案未被抽中评查', en: 'The filing was not sampled for review' },
  FILING_ALREADY_REVIEWED: { status: 409, zh: '该案卷已评查', en: 'The case file was already reviewed' },
  LICENCE_ISSUANCE_DISABLED: { status: 409, zh: '电子证照签发未启用', en: 'E-licence issuance is not enabled' },
  LICENCE_VERSIONS_EXHAUSTED: { status: 409, zh: '该证照的版本号已用尽', en: 'The licence has no versions left' },
  LICENCE_CHANGED_MEANWHILE: { status: 409, zh: '原证照已被变更或注销,请刷新后重试', en: 'The licence was changed or revoked meanwhile; reload and retry' },
  LICENCE_SUPERSEDED: { status: 409, zh: '该电子证照已变更为新版本', en: 'The e-licence was replaced by a newer version' },
  LICENCE_ALREADY_REVOKED: { status: 409, zh: '该电子证照已注销', en: 'The e-licence is already revoked' },
  AUTHORISATION_DOES_NOT_COVER: { status: 409, zh: '代办委托书不涵盖此项代办', en: 'The authorisation does not cover this' },
  AUTHORISATION_ACTION_NOT_ALLOWED: { status: 409, zh: '代办委托书当前状态不允许此操作', en: 'The authorisation’s state does not allow this' },
  AGENT_CASE_NOT_CONCLUDED: { status: 409, zh: '办件办结后才能回访', en: 'Follow up once the case is concluded' },
  WINDOW_NOT_SIGNED_IN: { status: 409, zh: '您未在该窗口签到', en: 'You are not signed in at this window' },
  TICKET_ACTION_NOT_ALLOWED: { status: 409, zh: '该号当前不能进行此操作', en: 'The ticket does not allow this action now' },
  SLOT_FULL: { status: 409, zh: '该时段已约满', en: 'The slot is full' },
  APPOINTMENT_PERSON_LIMIT: { status: 409, zh: '已达每人有效预约上限', en: 'The person holds the most open appointments allowed' },
  APPOINTMENT_NO_SHOW_LIMIT: { status: 409, zh: '爽约次数过多,暂停网上预约', en: 'Too many missed appointments: online booking is paused' },
  APPOINTMENT_NOT_CANCELLABLE: { status: 409, zh: '该预约已不能取消', en: 'The appointment can no longer be cancelled' },
  APPOINTMENT_NOT_ACTIVE: { status: 409, zh: '该预约已签到或已失效', en: 'The appointment is checked in or no longer valid' },
  CHECK_IN_TOO_EARLY: { status: 409, zh: '尚未到签到时间', en: 'Check-in has not opened yet' },
  CHECK_IN_TOO_LATE: { status: 409, zh: '预约时段已过', en: 'The slot has passed' },
  IDENTITY_ALREADY_BOUND: { status: 409, zh: '账号已实名,不能在网上更改', en: 'The account is already bound to a person; it cannot be changed online' },
  IDENTITY_BOUND_ELSEWHERE: { status: 409, zh: '该身份已绑定其他账号', en: 'This person is bound to another account' },
  LEGAL_REPRESENTATIVE_MISMATCH: { status: 409, zh: '与登记的法定代表人不符', en: 'Not the recorded legal representative' },
  RECTIFICATION_ACTION_NOT_ALLOWED: { status: 409, zh: '差评整改任务当前状态不允许此操作', en: 'The rectification task’s state does not allow this' },
  APPEAL_ALREADY_DECIDED: { status: 409, zh: '该申诉已复核', en: 'The appeal is already decided' },
  COMPLAINT_ACTION_NOT_ALLOWED: { status: 409, zh: '诉求件当前状态不允许此操作', en: 'The complaint’s state does not allow this action' },
  ALERT_ACTION_NOT_ALLOWED: { status: 409, zh: '监察预警当前状态不允许此操作', en: 'The alert’s state does not allow this action' },
  RATING_CLOSED: { status: 409, zh: '已评价,且已过可修改的期限', en: 'Already rated, and the time to change it has passed' },
  NOTHING_TO_RATE: { status: 409, zh: '当前没有可评价的办理', en: 'Nothing to rate now' },
  API_KEY_REVOKED: { status: 409, zh: '该密钥已吊销', en: 'This key is revoked' },
  DELIVERY_NOT_DEAD: { status: 409, zh: '只有推送失败(死信)的记录可以重新推送', en: 'Only a dead letter can be sent again' },
  /** A link that was valid once (a rating invitation) and has run out. */
  EXPIRED: { status: 410, zh: '链接已过期', en: 'The link has expired' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof errorCodes;

/** The HTTP status of each code. */
export const errorStatus = Object.fromEntries(Object.entries(errorCodes).map(([code, info]) => [code, info.status])) as { [C in ErrorCode]: (typeof errorCodes)[C]['status'] };

export interface BilingualMessage {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageZh: string;
  readonly details: unknown;

  constructor(code: ErrorCode, message: BilingualMessage, details?: unknown) {
    super(message.en);
    this.name = 'AppError';
    this.code = code;
    this.messageZh = message.zh;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
