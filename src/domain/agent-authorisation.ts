/**
 * 帮办代办: a village or town proxy agent acts for an applicant only under a signed 代办服务委托书
 * (DB3205/T 1077-2023, DB14/T 2233-2020). The authorisation is a record with a state, not a tick box:
 * it names the applicant, the agent and their service point, the items it covers, what the agent may
 * do (apply, correct, receive the result) and the period. The applicant confirms it by a code sent to
 * their phone or by signing the printed form (the scan is kept); only then does it cover cases.
 *
 * States: pending (待确认) → active (有效) ⇄ suspended (中止, 中止单) → ended (终止/办结单); an active or
 * suspended one may be renewed (续办委托书): it becomes `renewed` and a new pending one takes over.
 * The 7 steps of the service (委托→受理→办理→送达→归档→上报→回访) are derived per case from its record.
 */

export const authorisationStates = ['pending', 'active', 'suspended', 'renewed', 'ended'] as const;
export type AuthorisationState = (typeof authorisationStates)[number];

export const authorisationStateLabels: Record<AuthorisationState, { zh: string; en: string }> = {
  pending: { zh: '待委托人确认', en: 'Awaiting the applicant’s confirmation' },
  active: { zh: '有效', en: 'Active' },
  suspended: { zh: '已中止', en: 'Suspended' },
  renewed: { zh: '已续办', en: 'Renewed' },
  ended: { zh: '已终止', en: 'Ended' },
};

/** What the agent may do for the applicant (委托权限). */
export const agentPowers = ['apply', 'correct', 'receive'] as const;
export type AgentPower = (typeof agentPowers)[number];

export const agentPowerLabels: Record<AgentPower, { zh: string; en: string }> = {
  apply: { zh: '代为提交申请', en: 'Apply on the applicant’s behalf' },
  correct: { zh: '代为补正、补交材料', en: 'Correct and hand in materials' },
  receive: { zh: '代为领取办理结果', en: 'Receive the result' },
};

export const authorisationActions = ['confirm', 'suspend', 'resume', 'renew', 'end'] as const;
export type AuthorisationAction = (typeof authorisationActions)[number];

const transitions: Record<AuthorisationAction, { from: readonly AuthorisationState[]; to: AuthorisationState; label: { zh: string; en: string } }> = {
  confirm: { from: ['pending'], to: 'active', label: { zh: '委托人确认', en: 'Confirm' } },
  suspend: { from: ['active'], to: 'suspended', label: { zh: '中止代办', en: 'Suspend' } },
  resume: { from: ['suspended'], to: 'active', label: { zh: '恢复代办', en: 'Resume' } },
  renew: { from: ['active', 'suspended'], to: 'renewed', label: { zh: '续办委托', en: 'Renew' } },
  end: { from: ['pending', 'active', 'suspended'], to: 'ended', label: { zh: '终止委托', en: 'End' } },
};

export function authorisationActionLabel(action: AuthorisationAction): { zh: string; en: string } {
  return transitions[action].label;
}

/** Where the action leads from `state`, or `null` when it is not possible there. */
export function nextState(state: AuthorisationState, action: AuthorisationAction): AuthorisationState | null {
  const rule = transitions[action];
  return rule.from.includes(state) ? rule.to : null;
}

/** The actions possible in `state` (the buttons a screen shows). */
export function possibleActions(state: AuthorisationState): AuthorisationAction[] {
  return authorisationActions.filter((a) => nextState(state, a) !== null);
}

/** One item or 一件事 the authorisation covers. */
export interface CoveredMatter {
  kind: 'item' | 'bundle';
  code: string;
  name: string;
}

export interface AuthorisationTerms {
  state: AuthorisationState;
  applicantId: string;
  agentId: string;
  matters: readonly CoveredMatter[];
  powers: readonly AgentPower[];
  /** First and last day (China dates, inclusive). */
  validFrom: string;
  validUntil: string;
}

/** Longest period one form may give: a year, as the local rules' 委托期限 usually is. */
export const maxPeriodDays = 366;

/**
 * Why the authorisation does not let this agent (any of its agent when `agentId` is not given) do `power` for this applicant's matter on `today`,
 * or `null` when it does. The first reason that stops it, in words for the agent.
 */
export function coverageProblem(terms: AuthorisationTerms, want: { agentId?: string; applicantId: string; matter: { kind: 'item' | 'bundle'; code: string }; power: AgentPower; today: string }): { zh: string; en: string } | null {
  if (want.agentId !== undefined && terms.agentId !== want.agentId) return { zh: '该委托书不是委托给您的', en: 'This authorisation was not given to you' };
  if (terms.applicantId !== want.applicantId) return { zh: '该委托书的委托人不是本申请人', en: 'This authorisation is from another applicant' };
  if (terms.state !== 'active') {
    const label = authorisationStateLabels[terms.state];
    return { zh: `委托书${label.zh},不能代办`, en: `The authorisation is ${label.en.toLowerCase()}; it covers nothing now` };
  }
  if (want.today < terms.validFrom) return { zh: `委托期限自 ${terms.validFrom} 起`, en: `The authorisation starts on ${terms.validFrom}` };
  if (want.today > terms.validUntil) return { zh: `委托期限已于 ${terms.validUntil} 届满,请续办委托`, en: `The authorisation ended on ${terms.validUntil}; renew it` };
  if (!terms.matters.some((m) => m.kind === want.matter.kind && m.code === want.matter.code)) {
    return { zh: '委托书未包含该事项', en: 'The authorisation does not name this matter' };
  }
  if (!terms.powers.includes(want.power)) {
    const label = agentPowerLabels[want.power];
    return { zh: `委托权限不含“${label.zh}”`, en: `The authorisation does not include: ${label.en.toLowerCase()}` };
  }
  return null;
}

/** The seven steps of a proxy service (DB3205/T 1077-2023), in order. */
export const agentSteps = ['authorise', 'accept', 'handle', 'deliver', 'archive', 'report', 'follow_up'] as const;
export type AgentStep = (typeof agentSteps)[number];

export const agentStepLabels: Record<AgentStep, { zh: string; en: string }> = {
  authorise: { zh: '委托', en: 'Authorised' },
  accept: { zh: '受理', en: 'Accepted' },
  handle: { zh: '办理', en: 'Handled' },
  deliver: { zh: '送达', en: 'Delivered' },
  archive: { zh: '归档', en: 'Archived' },
  report: { zh: '上报', en: 'Reported' },
  follow_up: { zh: '回访', en: 'Followed up' },
};

/** What a case's record says of the steps; `report` is done once the case is in a month that has closed. */
export interface AgentCaseFacts {
  authorisationActive: boolean;
  status: string;
  concluded: boolean;
  delivered: boolean;
  archived: boolean;
  /** The China month the case concluded in has ended (the monthly report includes it). */
  reported: boolean;
  followedUp: boolean;
}

/** Which of the seven steps a proxy case has done. */
export function stepsDone(f: AgentCaseFacts): Record<AgentStep, boolean> {
  const accepted = !['draft', 'submitted', 'needs_correction', 'refused', 'withdrawn'].includes(f.status);
  return {
    authorise: true,
    accept: accepted,
    handle: f.concluded,
    deliver: f.delivered,
    archive: f.archived,
    report: f.reported,
    follow_up: f.followedUp,
  };
}

/** Outcomes of a follow-up call (回访). */
export const followUpResults = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type FollowUpResult = (typeof followUpResults)[number];

export const followUpResultLabels: Record<FollowUpResult, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  unreachable: { zh: '未联系上', en: 'Could not be reached' },
};
