/**
 * 好差评 (issue 15): the five levels, the indicators of each channel's form, the tags, and the
 * region settings with their defaults. Pure: services store ratings and tasks, the web shows the
 * same words, and the upward report maps the levels to the province's numbers here (at the boundary).
 *
 * National rules: 国办发〔2019〕51号 (现场"一次一评", 网上"一事一评", 申诉复核, rectification and publication);
 * the form's content follows GB/T 39734/39735-2020 and is versioned. Time limits are local, so they are
 * region settings whose defaults come from the figures in research/standards.md: report back in 5 working
 * days, rectify in 15, an unrated case counts 基本满意 after 7 natural days (Guangdong), a complaint's
 * consultation and help 3 working days, complaint and report 13, urgent the same day.
 */

/** Stored as meanings, best first; the number is only for interfaces that ask for 5 … 1. */
export const ratingLevels = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof ratingLevels)[number];

export const ratingLevelLabels: Record<RatingLevel, { zh: string; en: string }> = {
  very_satisfied: { zh: '非常满意', en: 'Very satisfied' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  very_dissatisfied: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** The province's numbering (非常满意 5 … 非常不满意 1), used only when a file or interface asks for it. */
export const ratingScore: Record<RatingLevel, number> = { very_satisfied: 5, satisfied: 4, basic: 3, dissatisfied: 2, very_dissatisfied: 1 };

export function levelOfScore(score: number): RatingLevel | null {
  return ratingLevels.find((level) => ratingScore[level] === score) ?? null;
}

/** 不满意 and 非常不满意 are bad ratings (差评): each becomes a rectification task. */
export function isBadRating(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'very_dissatisfied';
}

/** 满意度: the share of ratings at 基本满意 or better. */
export function isSatisfied(level: RatingLevel): boolean {
  return !isBadRating(level);
}

/** 现场 "一次一评" (per visit, at the window's pad or the kiosk) and 网上 "一事一评" (per case). */
export const ratingChannels = ['onsite', 'online'] as const;
export type RatingChannel = (typeof ratingChannels)[number];

/** Where a rating came from: the window's pad, the hall kiosk, the web/phone page, an SMS link, an agent's applicant, or the default after the period. */
export const ratingSources = ['pad', 'kiosk', 'web', 'sms', 'agent', 'default'] as const;
export type RatingSource = (typeof ratingSources)[number];

export const ratingSourceLabels: Record<RatingSource, { zh: string; en: string }> = {
  pad: { zh: '窗口评价器', en: 'Window rating pad' },
  kiosk: { zh: '大厅评价终端', en: 'Hall kiosk' },
  web: { zh: '网上评价', en: 'Online' },
  sms: { zh: '短信评价', en: 'SMS link' },
  agent: { zh: '代办评价', en: 'Via proxy agent' },
  default: { zh: '默认评价', en: 'Default rating' },
};

export interface RatingIndicator {
  key: string;
  zh: string;
  en: string;
}

export interface RatingTag {
  key: string;
  zh: string;
  en: string;
  /** Tags offered with good ratings (praise) or with bad ones (the 差评 categories). */
  polarity: 'good' | 'bad';
}

export interface RatingForm {
  channel: RatingChannel;
  version: number;
  indicators: readonly RatingIndicator[];
  tags: readonly RatingTag[];
}

const badTags: readonly RatingTag[] = [
  { key: 'overdue_without_reason', zh: '无理由超过法定办理时间', en: 'Past the legal limit without reason', polarity: 'bad' },
  { key: 'extra_conditions', zh: '办事指南之外增加新的审批条件', en: 'Conditions beyond the guide', polarity: 'bad' },
  { key: 'extra_materials', zh: '需提供办事指南之外的申报材料', en: 'Materials beyond the guide', polarity: 'bad' },
  { key: 'more_trips', zh: '多次跑动', en: 'Made to come again', polarity: 'bad' },
  { key: 'attitude', zh: '服务态度差', en: 'Poor attitude', polarity: 'bad' },
  { key: 'unclear_guide', zh: '办事指南不清楚', en: 'Unclear guide', polarity: 'bad' },
  { key: 'long_wait', zh: '排队等候时间长', en: 'Long wait', polarity: 'bad' },
];

const goodTags: readonly RatingTag[] = [
  { key: 'one_trip', zh: '只跑一次', en: 'Only one trip', polarity: 'good' },
  { key: 'fast', zh: '办理快捷', en: 'Fast', polarity: 'good' },
  { key: 'friendly', zh: '热情周到', en: 'Friendly', polarity: 'good' },
  { key: 'clear_guide', zh: '指南清楚', en: 'Clear guide', polarity: 'good' },
];

/** The forms in force (version 1 of each); the migration stores them, and a rating keeps the version it used. */
export const ratingForms: Record<RatingChannel, RatingForm> = {
  online: {
    channel: 'online',
    version: 1,
    indicators: [
      { key: 'overall', zh: '整体满意度', en: 'Overall satisfaction' },
      { key: 'efficiency', zh: '办事效率', en: 'Efficiency' },
      { key: 'guide_accuracy', zh: '办事指南精确度', en: 'Accuracy of the guide' },
      { key: 'convenience', zh: '办事便捷度', en: 'Convenience' },
      { key: 'usability', zh: '平台操作性', en: 'Ease of the platform' },
    ],
    tags: [...goodTags, ...badTags.filter((t) => t.key !== 'long_wait' && t.key !== 'attitude')],
  },
  onsite: {
    channel: 'onsite',
    version: 1,
    indicators: [
      { key: 'overall', zh: '整体满意度', en: 'Overall satisfaction' },
      { key: 'efficiency', zh: '服务效率', en: 'Service efficiency' },
      { key: 'competence', zh: '服务水平', en: 'Competence' },
      { key: 'attitude', zh: '服务态度', en: 'Attitude' },
    ],
    tags: [...goodTags, ...badTags],
  },
};

/** 立行立改 (fix at once), 建台账限期整改 (ledger with a deadline), 解释说明 (explain: nothing to fix). */
export const triageKinds = ['immediate', 'ledger', 'explain'] as const;
export type TriageKind = (typeof triageKinds)[number];

export const triageLabels: Record<TriageKind, { zh: string; en: string }> = {
  immediate: { zh: '立行立改', en: 'Fix at once' },
  ledger: { zh: '建台账限期整改', en: 'Ledger, fix by a deadline' },
  explain: { zh: '解释说明', en: 'Explain' },
};

/** A rectification task: opened → triaged (核实) → reported back (反馈) → revisited (回访) → closed; an appeal pauses it. */
export const rectificationStates = ['open', 'triaged', 'reported', 'revisited', 'closed', 'appealed', 'annulled'] as const;
export type RectificationState = (typeof rectificationStates)[number];

export const rectificationStateLabels: Record<RectificationState, { zh: string; en: string }> = {
  open: { zh: '待核实', en: 'To verify' },
  triaged: { zh: '整改中', en: 'Rectifying' },
  reported: { zh: '已反馈待回访', en: 'Reported, to revisit' },
  revisited: { zh: '已回访', en: 'Revisited' },
  closed: { zh: '已办结', en: 'Closed' },
  appealed: { zh: '申诉复核中', en: 'Under appeal' },
  annulled: { zh: '申诉成立', en: 'Appeal upheld' },
};

export const revisitResults = ['satisfied', 'basic', 'dissatisfied', 'unreachable'] as const;
export type RevisitResult = (typeof revisitResults)[number];

export const appealReasons = ['mistaken', 'malicious', 'not_responsible', 'beyond_policy'] as const;
export type AppealReason = (typeof appealReasons)[number];

export const appealReasonLabels: Record<AppealReason, { zh: string; en: string }> = {
  mistaken: { zh: '误评', en: 'Rated by mistake' },
  malicious: { zh: '恶意差评', en: 'Malicious' },
  not_responsible: { zh: '非本部门责任', en: 'Not this department’s doing' },
  beyond_policy: { zh: '诉求超出法律政策规定', en: 'Asks beyond law and policy' },
};

/** Complaint categories (12345-style) and the urgent flag; limits are region settings. */
export const complaintCategories = ['consultation', 'help', 'complaint', 'report'] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];

export const complaintCategoryLabels: Record<ComplaintCategory, { zh: string; en: string }> = {
  consultation: { zh: '咨询', en: 'Consultation' },
  help: { zh: '求助', en: 'Help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
};

/** A region's settings; a region without its own row takes its nearest ancestor's, then these defaults. */
export interface QualitySettings {
  /** Days (natural) after conclusion before an unrated case counts as 基本满意; null: no default rating. */
  defaultRatingDays: number | null;
  /** Hours within which a rater may change a rating. */
  changeHours: number;
  /** Working days to verify and report back on a bad rating. */
  reportBackDays: number;
  /** Working days to rectify a bad rating. */
  rectifyDays: number;
  /** Working days to revisit a rectified rating. */
  revisitDays: number;
  /** Working days for consultation and help. */
  consultationDays: number;
  /** Working days for complaints and reports. */
  complaintDays: number;
  /** Working days a step (department's handling) may take before it is overdue. */
  stepDays: number;
}

export const defaultQualitySettings: QualitySettings = {
  defaultRatingDays: 7,
  changeHours: 72,
  reportBackDays: 5,
  rectifyDays: 15,
  revisitDays: 5,
  consultationDays: 3,
  complaintDays: 13,
  stepDays: 2,
};

/** The whole complaint's limit in working days: urgent ones close the same day (0), then by category. */
export function complaintLimitDays(settings: QualitySettings, category: ComplaintCategory, urgent: boolean): number {
  if (urgent) return 0;
  return category === 'consultation' || category === 'help' ? settings.consultationDays : settings.complaintDays;
}
