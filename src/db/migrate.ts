import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/0001_foundation.ts';
import * as catalog from './migrations/0002_catalog.ts';
import * as caseNumbers from './migrations/0003_case_numbers.ts';
import * as applicants from './migrations/0004_applicants.ts';
import * as cases from './migrations/0005_cases.ts';
import * as hall from './migrations/0006_hall.ts';
import * as scopes from './migrations/0007_scopes.ts';
import * as sealedForms from './migrations/0008_sealed_forms.ts';
import * as attemptLimits from './migrations/0009_attempt_limits.ts';
import * as auditCheckpoints from './migrations/0010_audit_checkpoints.ts';
import * as signingKeysPerIssuer from './migrations/0011_signing_keys_per_issuer.ts';
import * as licenceTypes from './migrations/0012_licence_types.ts';
import * as bundleRegistration from './migrations/0013_bundle_registration.ts';
import * as licenceChanges from './migrations/0014_licence_changes.ts';
import * as caseStats from './migrations/0015_case_stats.ts';
import * as notifications from './migrations/0016_notifications.ts';
import * as onlineAccounts from './migrations/0017_online_accounts.ts';
import * as onlineApplications from './migrations/0018_online_applications.ts';
import * as agentAuthorisations from './migrations/0019_agent_authorisations.ts';
import * as agentNotifications from './migrations/0020_agent_notifications.ts';
import * as ratings from './migrations/0021_ratings.ts';
import * as complaints from './migrations/0022_complaints.ts';
import * as ratingDefaults from './migrations/0023_rating_defaults.ts';
import * as rectificationPause from './migrations/0024_rectification_pause.ts';
import * as supervisionStats from './migrations/0025_supervision_stats.ts';
import * as alerts from './migrations/0026_alerts.ts';
import * as publicity from './migrations/0027_publicity.ts';
import * as push from './migrations/0028_push.ts';
import * as sharedData from './migrations/0029_shared_data.ts';
import * as scaleIndexes from './migrations/0030_scale_indexes.ts';
import * as supervisionTargets from './migrations/0031_supervision_targets.ts';
import * as caseActionPartitions from './migrations/0032_case_action_partitions.ts';

/** Migrations are listed here in order; files are append-only once landed. */
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_catalog': catalog,
  '0003_case_numbers': caseNumbers,
  '0004_applicants': applicants,
  '0005_cases': cases,
  '0006_hall': hall,
  '0007_scopes': scopes,
  '0008_sealed_forms': sealedForms,
  '0009_attempt_limits': attemptLimits,
  '0010_audit_checkpoints': auditCheckpoints,
  '0011_signing_keys_per_issuer': signingKeysPerIssuer,
  '0012_licence_types': licenceTypes,
  '0013_bundle_registration': bundleRegistration,
  '0014_licence_changes': licenceChanges,
  '0015_case_stats': caseStats,
  '0016_notifications': notifications,
  '0017_online_accounts': onlineAccounts,
  '0018_online_applications': onlineApplications,
  '0019_agent_authorisations': agentAuthorisations,
  '0020_agent_notifications': agentNotifications,
  '0021_ratings': ratings,
  '0022_complaints': complaints,
  '0023_rating_defaults': ratingDefaults,
  '0024_rectification_pause': rectificationPause,
  '0025_supervision_stats': supervisionStats,
  '0026_alerts': alerts,
  '0027_publicity': publicity,
  '0028_push': push,
  '0029_shared_data': sharedData,
  '0030_scale_indexes': scaleIndexes,
  '0031_supervision_targets': supervisionTargets,
  '0032_case_action_partitions': caseActionPartitions,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationReport {
  applied: string[];
}

/** Applies every pending migration; throws with the failing migration's name when one fails. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before and across schema versions, so on no one table type
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
