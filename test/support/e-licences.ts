/** What the e-licence tests (test/e-licence*.test.ts) share: the demo's issuer and licence type, a holder, and an issue. */
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { composeUscc, usccCheckChar } from '../../src/domain/uscc.ts';
import { systemActor } from '../../src/services/actor.ts';
import type { IssueELicenceInput } from '../../src/services/e-licence.service.ts';
import type { TestContext } from './context.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
export const usccOf = (first17: string) => first17 + usccCheckChar(first17)!;
/** The demo's first department (as src/cli/demo.ts makes it): a government organ of 新泰市. */
export const issuerUscc = composeUscc('government', '370982', 'MB028500');
export const licenceType = '食品经营许可证';
/** The demo catalog's code of 食品经营许可证 (SAMR's USCC + 002), 5 years valid. */
export const licenceTypeCode = '11100000MB0143028R002';

export async function registerPerson(ctx: TestContext, first17: string, name: string) {
  return ctx.services.applicants.register({ actor: systemActor }, { kind: 'person', idNumber: idOf(first17), name, phone: '', address: '' });
}

/**
 * Reads until `done` holds or 5 s pass, and gives the last reading: for what a change made straight
 * in the database changes once its notification arrives (the service keeps verified licences).
 */
export async function settles<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function issueInput(holder: { id: string; name: string; idMasked: string | null }, at: Date): IssueELicenceInput {
  return {
    caseId: null,
    caseNo: null,
    holderId: holder.id,
    holderName: holder.name,
    holderRef: holder.idMasked!,
    licenceTypeCode,
    issuerName: '新泰市市场监督管理局',
    issuerUscc,
    issuedOn: '2026-11-23',
    at,
  };
}
