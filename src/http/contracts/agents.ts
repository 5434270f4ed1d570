/** 帮办代办: the authorisation (代办服务委托书), proxy cases with their seven steps, follow-ups and figures. */
import { z } from 'zod';
import { agentPowers, agentSteps, authorisationStates, followUpResults, possibleActions } from '../../domain/agent-authorisation.ts';
import type { AgentAuthorisation, AgentFigures } from '../../repositories/agent.repository.ts';
import type { AgentCase } from '../../services/agent.service.ts';
import { calendarDate, timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const matterRef = z.strictObject({ kind: z.enum(['item', 'bundle']), code: text(64).min(1) });

export const createAuthorisationBody = z.strictObject({
  applicantId: z.uuid(),
  matters: z.array(matterRef).min(1).max(50),
  powers: z.array(z.enum(agentPowers)).min(1).max(agentPowers.length),
  validFrom: calendarDate,
  validUntil: calendarDate,
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
    .optional(),
});

export const authorisationActBody = z.strictObject({ action: z.enum(['suspend', 'resume', 'end']), reason: text(500).default('') });

export const renewAuthorisationBody = z.strictObject({
  validUntil: calendarDate,
  matters: z.array(matterRef).min(1).max(50).optional(),
  powers: z.array(z.enum(agentPowers)).min(1).max(agentPowers.length).optional(),
});

export const authorisationListQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional(),
  state: z.enum(authorisationStates).optional(),
  applicantId: z.uuid().optional(),
});

/** The code the applicant received (6 digits). */
export const confirmByCodeBody = z.strictObject({ code: z.string().trim().max(12) });

export const followUpBody = z.strictObject({ result: z.enum(followUpResults), note: text(1000).default('') });

export const agentCaseListQuery = z.strictObject({ mine: z.enum(['true', 'false']).optional(), authorisationId: z.uuid().optional() });

export const authorisationSchema = z.object({
  id: z.string(),
  authorisationNo: z.string(),
  applicant: z.object({ id: z.string(), kind: z.string(), name: z.string(), idMasked: z.string().nullable(), uscc: z.string().nullable(), phone: z.string().describe('masked') }),
  agent: z.object({ id: z.string(), name: z.string(), phone: z.string() }),
  regionCode: z.string(),
  regionName: z.string(),
  matters: z.array(z.object({ kind: z.enum(['item', 'bundle']), code: z.string(), name: z.string() })),
  powers: z.array(z.enum(agentPowers)),
  validFrom: z.string(),
  validUntil: z.string(),
  state: z.enum(authorisationStates),
  stateReason: z.string(),
  confirmationMethod: z.enum(['code', 'paper']).nullable(),
  confirmedAt: timestamp.nullable(),
  hasPaperScan: z.boolean(),
  renewedFrom: z.string().nullable(),
  createdAt: timestamp,
  possibleActions: z.array(z.string()),
});

/** The applicant's phone is shown masked (138****5678): the agent calls through the platform's record, not a list. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

export function toAuthorisationDto(a: AgentAuthorisation): z.output<typeof authorisationSchema> {
  return {
    id: a.id,
    authorisationNo: a.authorisationNo,
    applicant: { id: a.applicant.id, kind: a.applicant.kind, name: a.applicant.name, idMasked: a.applicant.idMasked, uscc: a.applicant.uscc, phone: maskPhone(a.applicant.phone) },
    agent: a.agent,
    regionCode: a.regionCode,
    regionName: a.regionName,
    matters: a.matters,
    powers: a.powers,
    validFrom: a.validFrom,
    validUntil: a.validUntil,
    state: a.state,
    stateReason: a.stateReason,
    confirmationMethod: a.confirmationMethod,
    confirmedAt: a.confirmedAt,
    hasPaperScan: a.hasPaperScan,
    renewedFrom: a.renewedFrom,
    createdAt: a.createdAt,
    possibleActions: possibleActions(a.state),
  };
}

export const agentCaseSchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  itemName: z.string(),
  applicantName: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  receivedAt: timestamp,
  concludedAt: timestamp.nullable(),
  dueDate: z.string().nullable(),
  warning: z.string(),
  visits: z.number().int(),
  authorisationId: z.string(),
  authorisationNo: z.string(),
  agentName: z.string(),
  followUp: z.object({ at: timestamp, result: z.enum(followUpResults), note: z.string() }).nullable(),
  steps: z.object(Object.fromEntries(agentSteps.map((s) => [s, z.boolean()])) as Record<(typeof agentSteps)[number], z.ZodBoolean>),
});

export function toAgentCaseDto(c: AgentCase): z.output<typeof agentCaseSchema> {
  return {
    id: c.id,
    caseNo: c.caseNo,
    itemName: c.itemName,
    applicantName: c.applicantName,
    status: c.status,
    outcome: c.outcome,
    receivedAt: c.receivedAt,
    concludedAt: c.concludedAt,
    dueDate: c.dueDate,
    warning: c.warning,
    visits: c.visits,
    authorisationId: c.authorisationId,
    authorisationNo: c.authorisationNo,
    agentName: c.agentName,
    followUp: c.followUp,
    steps: c.steps,
  };
}

const figures = z.object({
  authorisations: z.object(Object.fromEntries(authorisationStates.map((s) => [s, z.number().int()])) as Record<(typeof authorisationStates)[number], z.ZodNumber>),
  cases: z.number().int(),
  running: z.number().int(),
  concluded: z.number().int(),
  zeroVisit: z.number().int(),
  delivered: z.number().int(),
  followedUp: z.number().int(),
  dissatisfied: z.number().int(),
});

export const agentFiguresSchema = z.object({ since: z.string(), mine: figures.nullable(), area: figures, areaName: z.string() });
export type AgentFiguresDto = z.input<typeof agentFiguresSchema>;
export type { AgentFigures };
