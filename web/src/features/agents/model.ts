/**
 * 帮办代办 on the web: the shapes of the agent routes (from the server's contracts), their paths,
 * and which authorisation covers an application (the server's own rule, `coverageProblem`).
 */
import type { z } from 'zod';
import { addDays } from '../../../../src/domain/calendar.ts';
import { coverageProblem, type AgentPower } from '../../../../src/domain/agent-authorisation.ts';
import type { agentCaseSchema, agentFiguresSchema, authorisationSchema } from '../../../../src/http/contracts/agents.ts';

export type Authorisation = z.input<typeof authorisationSchema>;
export type AgentCase = z.input<typeof agentCaseSchema>;
export type AgentFigures = z.input<typeof agentFiguresSchema>;

export const agentApi = {
  authorisations: '/api/agent/authorisations',
  forApplicant: (applicantId: string) => `/api/agent/authorisations?mine=true&applicantId=${encodeURIComponent(applicantId)}`,
  mine: '/api/agent/authorisations?mine=true',
  authorisation: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}`,
  paper: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}/paper`,
  code: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}/code`,
  confirm: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}/confirm`,
  actions: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}/actions`,
  renewal: (id: string) => `/api/agent/authorisations/${encodeURIComponent(id)}/renewal`,
  cases: '/api/agent/cases?mine=true',
  areaCases: '/api/agent/cases',
  followUp: (caseId: string) => `/api/agent/cases/${encodeURIComponent(caseId)}/follow-up`,
  figures: '/api/agent/figures',
};

export const agentPaths = {
  home: '/agent',
  print: (id: string) => `/agent/authorisations/${encodeURIComponent(id)}/print`,
};

/** The authorisation of the signed-in agent that covers applying for this matter today, if any. */
export function coveringAuthorisation(list: readonly Authorisation[], agentId: string, applicantId: string, matter: { kind: 'item' | 'bundle'; code: string }, today: string, power: AgentPower = 'apply'): Authorisation | undefined {
  return list.find((a) => coverageProblem({ ...a, applicantId: a.applicant.id, agentId: a.agent.id }, { agentId, applicantId, matter, power, today }) === null);
}

/** Those waiting for the applicant's signature that name the matter: the agent finishes one instead of taking a new one. */
export function pendingFor(list: readonly Authorisation[], matter: { kind: 'item' | 'bundle'; code: string }): Authorisation[] {
  return list.filter((a) => a.state === 'pending' && a.matters.some((m) => m.kind === matter.kind && m.code === matter.code));
}

/** The last day of a default period: half a year from `today`. */
export function defaultUntil(today: string): string {
  return addDays(today, 180);
}
