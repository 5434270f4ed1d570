/**
 * The intake benchmark's world (bench/intake.bench.ts): a database migrated and loaded with the demo,
 * the front desk signed in, organisations registered as applicants, and the request the front desk
 * sends for 社会团体成立登记 (accepted, one material deferred).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { freshPostgres } from '../scratch-database.ts';
import { createDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createServices, type Services } from '../../src/main.ts';
import { loadDemo, demoPassword } from '../../src/cli/demo.ts';
import { chinaDate } from '../../src/domain/china-time.ts';
import type { IntakeInput } from '../../src/services/cases/index.ts';
import { createIdProtector, type IdProtector } from '../../src/services/id-protection.ts';
import type { Actor } from '../../src/services/actor.ts';
import { canonicalJson } from '../../src/domain/audit-chain.ts';
import type { MaterialMark } from '../../src/domain/case-process.ts';
import { usccCheckChar } from '../../src/domain/uscc.ts';
import { separateResidentIds } from '../../src/domain/form-check.ts';

export const itemCode = '370982-MZ-006'; // 社会团体成立登记: two departments countersign in the first stage
export const scenario = 'general';
/** The application form, complete; its ID number is stored masked, the original sealed. */
const form: Record<string, string> = {
  org_name: '新泰市书法家协会筹备组',
  legal_representative: '王建国',
  applicant_name: '王建国',
  id_number: '11010519491231002X',
  phone: '13905380001',
  address: '新泰市青云街道',
  business_scope: '书法交流、展览、培训',
  registered_capital: '5',
};
export const storedForm = separateResidentIds([{ key: 'id_number', label: '', type: 'id_number', required: true }], form);

export interface World {
  database: Database;
  services: Services;
  ids: IdProtector;
  actor: Actor;
  applicantIds: string[];
}

export async function openWorld(kind: 'postgres' | 'pglite', { pgUrl, applicantCount }: { pgUrl: string; applicantCount: number }): Promise<World> {
  if (kind === 'postgres') await freshPostgres(pgUrl);
  const database = await createDatabase(kind === 'postgres' ? { databaseUrl: pgUrl } : { dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const dataKey = randomBytes(32);
  const services = createServices(database, undefined, dataKey);
  await loadDemo(services);
  // The actor exactly as a signed-in request carries it (grants from the session lookup).
  const signedIn = await services.auth.signIn({ username: 'frontdesk', password: demoPassword, ip: '127.0.0.1', userAgent: 'intake bench' });
  const actor = (await services.auth.authenticateSession(signedIn.token))!.actor;
  const applicantIds: string[] = [];
  for (let i = 0; i < applicantCount; i++) {
    const first17 = `52370982MJD${String(100_000 + i).padStart(6, '0')}`;
    const applicant = await services.applicants.register(
      { actor, idempotencyKey: randomUUID() },
      {
        kind: 'organisation',
        uscc: first17 + usccCheckChar(first17)!,
        name: `新泰市第${i + 1}书法家协会筹备组`,
        legalRepresentative: '王建国',
        phone: `139053${String(i).padStart(5, '0')}`,
        address: '新泰市青云街道',
      },
    );
    applicantIds.push(applicant.id);
  }
  return { database, services, ids: createIdProtector(dataKey), actor, applicantIds };
}

const deferredMaterial = 'property_certificate';

/** The front desk's marks: everything provided, the property certificate deferred a week. */
function marksFor(today: string): MaterialMark[] {
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  return ['society_application', 'supervisor_approval', 'articles_of_association', 'capital_proof', 'lease_contract', deferredMaterial, 'id_card', 'leader_info', 'member_list'].map((key) =>
    key === deferredMaterial ? { key, state: 'deferred', deferredDue: due } : { key, state: 'provided' },
  );
}

/** A request body as POST /api/cases receives it, and its digest as the HTTP layer computes it. */
export function intakeRequest(applicantId: string, now: Date): { input: IntakeInput; requestHash: string } {
  const input: IntakeInput = { itemCode, scenario, applicantId, channel: 'window', form, materials: marksFor(chinaDate(now)), decision: 'accept' };
  const requestHash = createHash('sha256')
    .update(`POST /api/cases\n${canonicalJson(input)}`)
    .digest('hex');
  return { input, requestHash };
}
