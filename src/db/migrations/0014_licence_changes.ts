import { sql, type Kysely } from 'kysely';

/**
 * Every change that can alter what verifying an e-licence answers is announced on the channel
 * `licence_changed` (NOTIFY, delivered at commit to every process), so each process may keep the
 * licences it verified in memory and drop one the moment it changes: a revocation, a supersession,
 * an edit made straight in the database (the payload is the licence's identifier), or a change of
 * a signing key or of a holder's reference (payload `*`: forget them all).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION licence_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'licences' THEN
        PERFORM pg_notify('licence_changed', OLD.number);
      ELSE
        PERFORM pg_notify('licence_changed', '*');
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER licences_changed AFTER UPDATE OR DELETE ON licences
    FOR EACH ROW EXECUTE FUNCTION licence_changed_notify()`.execute(db);
  await sql`
    CREATE TRIGGER signing_keys_changed AFTER UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION licence_changed_notify()`.execute(db);
  await sql`
    CREATE TRIGGER applicants_reference_changed AFTER UPDATE OF id_masked, uscc ON applicants
    FOR EACH ROW WHEN (OLD.id_masked IS DISTINCT FROM NEW.id_masked OR OLD.uscc IS DISTINCT FROM NEW.uscc)
    EXECUTE FUNCTION licence_changed_notify()`.execute(db);
  await sql`COMMENT ON FUNCTION licence_changed_notify() IS 'NOTIFY licence_changed: the licence number, or * for a key or holder change; processes drop their cached verifications'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER applicants_reference_changed ON applicants`.execute(db);
  await sql`DROP TRIGGER signing_keys_changed ON signing_keys`.execute(db);
  await sql`DROP TRIGGER licences_changed ON licences`.execute(db);
  await sql`DROP FUNCTION licence_changed_notify()`.execute(db);
}
