/**
 * The progress of a case in the applicant's words (/query, behind the query password): received,
 * accepted, asked to correct, under review, paused for a special procedure, decided, ready to
 * collect (where and how), delivered — never the back office's own steps (department tasks,
 * stage changes, time-limit warnings, filings, archiving) nor who did what. Built on the server,
 * so nothing internal ever leaves it.
 *
 * @example
 * citizenProgress({ status: 'concluded', outcome: 'approved', actions, delivery: null, center })
 * // { steps: [{ step: 'received', at }, { step: 'accepted', at }, …, { step: 'decided', at, outcome: 'approved' }],
 * //   collect: { name: '新泰市政务服务中心', address: '…', phone: '…', openingHours: '…' } }
 */
import type { CaseStatus } from './case-lifecycle.ts';
import { isWithinRegion } from './region.ts';

export const citizenStepKinds = ['received', 'accepted', 'correction', 'corrected', 'under_review', 'paused', 'resumed', 'decided', 'delivered', 'refused', 'withdrawn', 'terminated'] as const;
export type CitizenStepKind = (typeof citizenStepKinds)[number];

export const citizenDeliveryMethods = ['window', 'express', 'e_licence', 'online', 'agent'] as const;
export type CitizenDeliveryMethod = (typeof citizenDeliveryMethods)[number];

export interface CitizenStep {
  step: CitizenStepKind;
  at: Date;
  /** For `decided`: what was decided. */
  outcome: 'approved' | 'rejected' | null;
  /** For `delivered`: how the result reached the applicant (and for express, the carrier and tracking number). */
  delivery: { method: CitizenDeliveryMethod; company: string | null; trackingNo: string | null } | null;
}

/** Where a result waits to be collected: the service center of the region the case was received in. */
export interface CollectionPlace {
  name: string;
  address: string;
  phone: string;
  openingHours: string;
}

export interface LoggedAction {
  action: string;
  at: Date;
  toStatus: string;
  payload: Readonly<Record<string, unknown>>;
}

/** Which citizen step a logged action is; null for the back office's own steps. */
function stepOf(entry: LoggedAction, pausedFor: 'correction' | 'special' | null): CitizenStepKind | null {
  switch (entry.action) {
    case 'receive':
    case 'submit':
      return 'received';
    case 'accept':
      return 'accepted';
    case 'request_correction':
    case 'return_to_applicant':
      return 'correction';
    case 'resubmit':
      return 'corrected';
    case 'resume':
      return pausedFor === 'correction' ? 'corrected' : 'resumed';
    case 'start_review':
      return 'under_review';
    case 'suspend':
      return 'paused';
    case 'decide_on_spot':
    case 'conclude':
    case 'reject':
    case 'reject_on_spot':
      return 'decided';
    case 'deliver':
      return 'delivered';
    case 'refuse':
      return 'refused';
    case 'withdraw':
      return 'withdrawn';
    case 'terminate':
      return 'terminated';
    default:
      // task.*, next_stage, clock.*, file, archive, collect_material and anything added later: internal.
      return null;
  }
}

const isDeliveryMethod = (value: unknown): value is CitizenDeliveryMethod => typeof value === 'string' && (citizenDeliveryMethods as readonly string[]).includes(value);
const textOrNull = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * The applicant's steps, oldest first, from the case's action log: a step repeated back to back
 * (收件 then 提交) is told once; the decision carries the case's outcome.
 */
export function citizenSteps(actions: readonly LoggedAction[], outcome: 'approved' | 'rejected' | null): CitizenStep[] {
  const steps: CitizenStep[] = [];
  let pausedFor: 'correction' | 'special' | null = null;
  for (const entry of [...actions].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const step = stepOf(entry, pausedFor);
    if (entry.action === 'suspend') pausedFor = 'special';
    else if (entry.action === 'return_to_applicant' || entry.action === 'request_correction') pausedFor = 'correction';
    else if (entry.action === 'resume' || entry.action === 'resubmit') pausedFor = null;
    if (step === null || steps.at(-1)?.step === step) continue;
    const express = typeof entry.payload.express === 'object' && entry.payload.express !== null ? (entry.payload.express as Record<string, unknown>) : null;
    steps.push({
      step,
      at: entry.at,
      outcome: step === 'decided' ? (entry.action === 'reject' || entry.action === 'reject_on_spot' ? 'rejected' : entry.action === 'conclude' ? outcome : 'approved') : null,
      delivery: step === 'delivered' && isDeliveryMethod(entry.payload.method) ? { method: entry.payload.method, company: express ? textOrNull(express.company) : null, trackingNo: express ? textOrNull(express.trackingNo) : null } : null,
    });
  }
  return steps;
}

/** The center a result is collected at: the one of the case's own region, else the nearest above it. */
export function collectionCenter<C extends CollectionPlace & { regionPath: string }>(centers: readonly C[], regionPath: string): C | null {
  const covering = centers.filter((c) => isWithinRegion(regionPath, c.regionPath));
  return covering.sort((a, b) => b.regionPath.length - a.regionPath.length)[0] ?? null;
}

/** Whether the result is waiting to be collected: decided, not yet handed over. */
export function readyToCollect(status: CaseStatus): boolean {
  return status === 'concluded';
}
