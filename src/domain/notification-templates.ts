/**
 * Notification templates (issue 14 §6): the events the platform tells applicants about, what each
 * template may say (its placeholders), the default Chinese texts, and the limits of each channel.
 * Pure: the service stores templates, the consumer renders them; both check them here, and the
 * admin screen shows the same answers before saving.
 *
 * Limits: an SMS counts 70 characters per segment (67 once it is split, as carriers concatenate),
 * and a template longer than `maxSmsSegments` is refused. A WeChat subscribe message is a set of
 * typed fields whose values WeChat itself truncates or rejects beyond their limits (thing ≤ 20
 * characters, character_string ≤ 32, phrase ≤ 5 Chinese characters, name ≤ 10, time, number), so a
 * template declares each field's type and its value is checked with sample data.
 *
 * No message may carry a full resident ID number: rendering masks any 18-character ID pattern, and
 * a template with a placeholder for one is refused.
 */

export const notificationEvents = [
  'accepted',
  'correction_needed',
  'decided',
  'ready_to_collect',
  'sent_by_express',
  'licence_issued',
  'appointment_booked',
  'appointment_reminder',
  'rating_invitation',
  'otp',
  'authorisation_code',
  'agent_authorised',
  'agent_authorisation_changed',
  'agent_received',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const notificationChannels = ['sms', 'wechat'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const wechatFieldTypes = ['thing', 'character_string', 'phrase', 'name', 'time', 'number'] as const;
export type WechatFieldType = (typeof wechatFieldTypes)[number];

/** A WeChat subscribe-message field: its key in the WeChat template (`thing1`), its type, and the text with placeholders. */
export interface WechatField {
  key: string;
  type: WechatFieldType;
  value: string;
}

export interface TemplateDraft {
  event: NotificationEvent;
  channel: NotificationChannel;
  /** The text with {placeholders}; for WeChat, a summary kept in the message log. */
  body: string;
  /** WeChat only: the subscribe message's fields. */
  fields: readonly WechatField[];
}

export type Words = { zh: string; en: string };

/** What each event is called, and the placeholders its templates may use (with sample values for previews). */
export const eventInfo: Record<NotificationEvent, { label: Words; placeholders: Record<string, { label: string; sample: string }> }> = {
  accepted: {
    label: { zh: '已受理', en: 'Accepted' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, dueDate: { label: '承诺办结日期', sample: '2026年12月4日' } },
  },
  correction_needed: {
    label: { zh: '需补正', en: 'Correction needed' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, missing: { label: '需补正材料', sample: '营业执照、场所平面图' } },
  },
  decided: {
    label: { zh: '已办结(决定)', en: 'Decided' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, outcome: { label: '办理结果', sample: '准予' } },
  },
  ready_to_collect: {
    label: { zh: '可领取', en: 'Ready to collect' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, place: { label: '领取地点', sample: '肥城市政务服务中心' } },
  },
  sent_by_express: {
    label: { zh: '已快递寄出', en: 'Sent by express' },
    placeholders: {
      item: { label: '事项名称', sample: '食品经营许可' },
      caseNo: { label: '办件编号', sample: '370982-20261123-0001' },
      company: { label: '快递公司', sample: 'EMS' },
      trackingNo: { label: '运单号', sample: '1151234567890' },
    },
  },
  licence_issued: {
    label: { zh: '电子证照已签发', en: 'E-licence issued' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, licenceNo: { label: '证照编号', sample: '1.2.156.3005.2.11100000000013338W.0001' } },
  },
  appointment_booked: {
    label: { zh: '预约成功', en: 'Appointment booked' },
    placeholders: { center: { label: '服务中心', sample: '肥城市政务服务中心' }, time: { label: '预约时间', sample: '12月4日 09:00' }, className: { label: '业务类别', sample: '企业开办' }, code: { label: '预约码', sample: 'A7K2Q9' } },
  },
  appointment_reminder: {
    label: { zh: '预约提醒', en: 'Appointment reminder' },
    placeholders: { time: { label: '预约时间', sample: '12月4日 09:00' }, className: { label: '业务类别', sample: '企业开办' }, code: { label: '预约码', sample: 'A7K2Q9' } },
  },
  rating_invitation: {
    label: { zh: '评价邀请', en: 'Rating invitation' },
    placeholders: { item: { label: '事项名称', sample: '食品经营许可' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, link: { label: '评价链接', sample: 'https://zwfw.example.gov.cn/query' } },
  },
  otp: {
    label: { zh: '登录验证码', en: 'Sign-in code' },
    placeholders: { code: { label: '验证码', sample: '493021' }, minutes: { label: '有效分钟数', sample: '5' } },
  },
  authorisation_code: {
    label: { zh: '代办委托确认码', en: 'Proxy authorisation code' },
    placeholders: { code: { label: '验证码', sample: '493021' }, minutes: { label: '有效分钟数', sample: '5' }, authorisationNo: { label: '委托书编号', sample: 'DB37098210320120261207001' } },
  },
  agent_authorised: {
    label: { zh: '代办委托已签订', en: 'Proxy authorisation taken' },
    placeholders: {
      agent: { label: '代办员', sample: '史家庄村代办员 史正进' },
      matters: { label: '委托事项', sample: '老年人优待证办理' },
      authorisationNo: { label: '委托书编号', sample: 'DB37098210320120261207001' },
      until: { label: '委托截止日', sample: '2027年6月5日' },
    },
  },
  agent_authorisation_changed: {
    label: { zh: '代办委托状态变更', en: 'Proxy authorisation changed' },
    placeholders: { authorisationNo: { label: '委托书编号', sample: 'DB37098210320120261207001' }, state: { label: '新状态', sample: '已生效' } },
  },
  agent_received: {
    label: { zh: '代办员已代领结果', en: 'Result received by the agent' },
    placeholders: { item: { label: '事项名称', sample: '老年人优待证办理' }, caseNo: { label: '办件编号', sample: '370982-20261123-0001' }, agent: { label: '代办员', sample: '史家庄村代办员 史正进' } },
  },
};

/** Placeholders whose values are secrets: kept only until the message is final, then masked. */
export const secretPlaceholders: readonly string[] = ['code'];
/** Events whose `code` is a secret (a one-time code); an appointment's code is only a booking reference. */
export const secretEvents: readonly NotificationEvent[] = ['otp', 'authorisation_code'];

/** Placeholder names that would put a resident ID number into a message: refused in any template. */
const idPlaceholder = /^(id|idNumber|idNo|residentId|idCard|certNo|身份证号?|证件号码?)$/i;

/** The proxy agents' texts (帮办代办: the applicant is told at every step), written by migration 0020 as version 1. */
export const agentTemplates = {
  authorisation_code: '【一窗通】您正在确认代办委托书{authorisationNo},验证码{code},{minutes}分钟内有效。如非本人委托请勿告诉他人。',
  agent_authorised: '【一窗通】{agent}为您办理“{matters}”的代办委托书{authorisationNo}已生成,委托至{until}。如非您本人委托,请致电当地便民服务中心。',
  agent_authorisation_changed: '【一窗通】您的代办委托书{authorisationNo}{state}。',
  agent_received: '【一窗通】您申请的{item}({caseNo})办理结果已由代办员{agent}代为领取,将送交给您。',
} as const;

/** The default texts, written by the migrations as version 1 of each SMS template. */
export const defaultSmsTemplates: Record<NotificationEvent, string> = {
  accepted: '【一窗通】您申请的{item}({caseNo})已受理,承诺{dueDate}前办结。',
  correction_needed: '【一窗通】您申请的{item}({caseNo})需补正:{missing}。请补齐后网上提交或到任一综合窗口办理。',
  decided: '【一窗通】您申请的{item}({caseNo})已办结,结果:{outcome}。',
  ready_to_collect: '【一窗通】您申请的{item}({caseNo})已办结(准予),请携带有效证件到{place}领取结果。',
  sent_by_express: '【一窗通】您申请的{item}({caseNo})的办理结果已由{company}寄出,运单号{trackingNo}。',
  licence_issued: '【一窗通】您申请的{item}({caseNo})的电子证照已签发,证照编号{licenceNo},可在“一窗通”查询下载。',
  appointment_booked: '【一窗通】您已预约{center}{time}的{className}业务,预约码{code},请按时到场取号。',
  appointment_reminder: '【一窗通】提醒:您预约了明天{time}的{className}业务,预约码{code},请按时到场。',
  rating_invitation: '【一窗通】您申请的{item}({caseNo})已办结,欢迎对本次服务作出评价:{link}',
  otp: '【一窗通】验证码{code},{minutes}分钟内有效,请勿告诉他人。',
  authorisation_code: agentTemplates.authorisation_code,
  agent_authorised: agentTemplates.agent_authorised,
  agent_authorisation_changed: agentTemplates.agent_authorisation_changed,
  agent_received: agentTemplates.agent_received,
};

export const smsSegmentLength = 70;
/** A long SMS is sent as parts of 67 characters each (3 go to the concatenation header). */
export const smsLongSegmentLength = 67;
export const maxSmsSegments = 5;

/** How many SMS segments a text takes (Chinese texts are UCS-2: 70 characters, or 67 per part when split). */
export function smsSegments(text: string): number {
  const length = [...text].length;
  if (length === 0) return 0;
  return length <= smsSegmentLength ? 1 : Math.ceil(length / smsLongSegmentLength);
}

/** WeChat subscribe-message limits per field type (characters; `phrase` counts Chinese characters only). */
export function checkWechatValue(type: WechatFieldType, value: string): Words | null {
  const length = [...value].length;
  switch (type) {
    case 'thing':
      return length > 20 ? { zh: `事物(thing)不超过20个字符,现为${length}个`, en: `thing is at most 20 characters (${length})` } : null;
    case 'character_string':
      return length > 32 || !/^[\x21-\x7e]*$/.test(value) ? { zh: `字符串(character_string)为不超过32个的字母、数字或符号,现为“${value}”`, en: `character_string is at most 32 letters, digits or symbols (“${value}”)` } : null;
    case 'phrase':
      return length > 5 || !/^[\u4e00-\u9fff]*$/.test(value) ? { zh: `词语(phrase)为不超过5个汉字,现为“${value}”`, en: `phrase is at most 5 Chinese characters (“${value}”)` } : null;
    case 'name':
      return length > 10 ? { zh: `姓名(name)不超过10个字符,现为${length}个`, en: `name is at most 10 characters (${length})` } : null;
    case 'time':
      return /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$|^\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/.test(value)
        ? null
        : { zh: `时间(time)须为日期或日期加时刻,现为“${value}”`, en: `time must be a date or a date and time (“${value}”)` };
    case 'number':
      return /^\d+(\.\d+)?$/.test(value) && length <= 32 ? null : { zh: `数字(number)只能是数字,现为“${value}”`, en: `number must be digits (“${value}”)` };
  }
}

/** The {placeholders} a text uses, in order, each once. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!))];
}

/** Any 18-character run that looks like a resident ID (17 digits and a digit or X), valid or not. */
const idPattern = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** The text with every 18-character ID pattern masked (`370982********123X`). */
export function maskIdPatterns(text: string): string {
  return text.replace(idPattern, (found) => `${found.slice(0, 6)}********${found.slice(-4).toUpperCase()}`);
}

/**
 * Puts the values into the text. An unknown or missing value leaves nothing behind (the checks
 * refuse unknown placeholders before a template is saved); every ID pattern is masked.
 *
 * @example
 * render('验证码{code}', { code: '493021' }) // '验证码493021'
 */
export function render(text: string, values: Readonly<Record<string, string>>): string {
  return maskIdPatterns(text.replace(/\{([^{}]*)\}/g, (_all, name: string) => values[name] ?? ''));
}

/** The text as kept once final: secret placeholders' values replaced by asterisks. */
export function renderKept(text: string, values: Readonly<Record<string, string>>, event: NotificationEvent): string {
  if (!secretEvents.includes(event)) return render(text, values);
  const kept = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secretPlaceholders.includes(k) ? '*'.repeat([...v].length) : v]));
  return render(text, kept);
}

export interface TemplateProblem {
  /** `body`, or `fields.<i>.key|type|value`. */
  field: string;
  message: Words;
}

export interface TemplateCheck {
  problems: TemplateProblem[];
  /** The text rendered with sample data. */
  preview: string;
  /** Its length in characters, and for SMS its segments. */
  length: number;
  segments: number;
  /** WeChat: each field rendered with sample data. */
  fields: { key: string; type: WechatFieldType; value: string }[];
}

/**
 * Checks a template against its event's placeholders and its channel's limits, rendered with the
 * event's sample data (and with `values` instead when given, e.g. a real message).
 */
export function checkTemplate(draft: TemplateDraft, values?: Readonly<Record<string, string>>): TemplateCheck {
  const info = eventInfo[draft.event];
  const sample = values ?? Object.fromEntries(Object.entries(info.placeholders).map(([k, v]) => [k, v.sample]));
  const problems: TemplateProblem[] = [];
  const checkText = (text: string, field: string) => {
    if (/[{}]/.test(text.replace(/\{[^{}]*\}/g, ''))) problems.push({ field, message: { zh: '花括号不成对', en: 'Unbalanced braces' } });
    for (const name of placeholdersOf(text)) {
      if (idPlaceholder.test(name)) {
        problems.push({ field, message: { zh: `不得使用身份证号占位符{${name}}:通知不得携带完整身份证号`, en: `{${name}} is refused: no message may carry a resident ID number` } });
      } else if (!Object.hasOwn(info.placeholders, name)) {
        const known = Object.keys(info.placeholders)
          .map((k) => `{${k}}`)
          .join('');
        problems.push({ field, message: { zh: `未知的占位符{${name}},可用:${known}`, en: `Unknown placeholder {${name}}; known: ${known}` } });
      }
    }
  };
  const body = draft.body.trim();
  if (draft.channel === 'sms' && body === '') problems.push({ field: 'body', message: { zh: '短信内容不能为空', en: 'The SMS text is empty' } });
  checkText(draft.body, 'body');
  const preview = render(draft.body, sample);
  const segments = draft.channel === 'sms' ? smsSegments(preview) : 0;
  if (draft.channel === 'sms' && segments > maxSmsSegments) {
    problems.push({ field: 'body', message: { zh: `短信过长:示例${[...preview].length}字,${segments}条,最多${maxSmsSegments}条`, en: `Too long: ${[...preview].length} characters, ${segments} segments (at most ${maxSmsSegments})` } });
  }
  const fields: TemplateCheck['fields'] = [];
  if (draft.channel === 'wechat') {
    if (draft.fields.length === 0) problems.push({ field: 'fields', message: { zh: '微信订阅消息至少需要一个字段', en: 'A WeChat subscribe message needs at least one field' } });
    const keys = new Set<string>();
    draft.fields.forEach((f, i) => {
      if (!/^[a-z_]+\d{1,2}$/.test(f.key)) problems.push({ field: `fields.${i}.key`, message: { zh: `字段名须如 thing1、time2,现为“${f.key}”`, en: `A field key looks like thing1 or time2 (“${f.key}”)` } });
      else if (keys.has(f.key)) problems.push({ field: `fields.${i}.key`, message: { zh: `字段名${f.key}重复`, en: `Field ${f.key} appears twice` } });
      keys.add(f.key);
      if (!(wechatFieldTypes as readonly string[]).includes(f.type)) {
        problems.push({ field: `fields.${i}.type`, message: { zh: `未知的字段类型${f.type}`, en: `Unknown field type ${f.type}` } });
        return;
      }
      checkText(f.value, `fields.${i}.value`);
      const value = render(f.value, sample);
      fields.push({ key: f.key, type: f.type, value });
      const problem = checkWechatValue(f.type, value);
      if (problem) problems.push({ field: `fields.${i}.value`, message: { zh: `${f.key}:${problem.zh}(示例数据)`, en: `${f.key}: ${problem.en} (with sample data)` } });
    });
  } else if (draft.fields.length > 0) {
    problems.push({ field: 'fields', message: { zh: '只有微信订阅消息有字段', en: 'Only WeChat messages have fields' } });
  }
  return { problems, preview, length: [...preview].length, segments, fields };
}

/** Masks a phone number for the message log: `139****1234`. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '*'.repeat(digits.length);
}

/** A date (`2026-12-04`) as the texts write it: `2026年12月4日`. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : isoDate;
}

/**
 * Back-off before attempt `attempt + 1` (1-based attempts made so far): 30 s, 1, 2, 4 … minutes,
 * at most an hour, with up to a fifth added at random (`jitter` in [0, 1)) so retries spread out.
 */
export function retryDelayMs(attempt: number, jitter = 0): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (1 + 0.2 * jitter));
}
