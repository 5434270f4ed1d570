import { sql, type Kysely } from 'kysely';

/**
 * Notifications that arrive (issue 14 §6). The outbox gains a claim lease, so a consumer that
 * claimed rows and died leaves them to another after the lease. Templates are kept as versions
 * (an edit adds the next version; the newest is in force; every message names the version it was
 * rendered from). Each message is one text to one recipient on one channel, created in the same
 * transaction that consumes its outbox row: UNIQUE (outbox_id, event, channel, recipient) means a
 * re-claimed row never makes a second message, and `source_key` does the same for one case step
 * seen from two outbox rows. The default SMS texts are version 1. A sign-in code's outbox row
 * wakes the consumers (NOTIFY onewindow_notify) instead of waiting for their timer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN claimed_until timestamptz`.execute(db);
  await sql`COMMENT ON COLUMN outbox.claimed_until IS 'Lease of the consumer that claimed the row; another may claim it after this time'`.execute(db);

  await sql`
    CREATE TABLE notification_templates (
      event text NOT NULL,
      channel text NOT NULL,
      version integer NOT NULL,
      body text NOT NULL,
      fields jsonb NOT NULL DEFAULT '[]',
      enabled boolean NOT NULL DEFAULT true,
      updated_by uuid REFERENCES staff (id),
      updated_at timestamptz NOT NULL,
      CONSTRAINT notification_templates_pkey PRIMARY KEY (event, channel, version),
      CONSTRAINT notification_templates_channel_chk CHECK (channel IN ('sms', 'wechat')),
      CONSTRAINT notification_templates_version_chk CHECK (version >= 1)
    )`.execute(db);
  await sql`COMMENT ON TABLE notification_templates IS 'Texts per event and channel, one row per version (an edit adds the next); the newest version is in force'`.execute(db);

  await sql`
    CREATE TABLE notification_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      outbox_id bigint NOT NULL REFERENCES outbox (id),
      source_key text NOT NULL,
      event text NOT NULL,
      channel text NOT NULL,
      recipient text NOT NULL,
      recipient_display text NOT NULL,
      template_version integer NOT NULL,
      body text NOT NULL,
      fields jsonb NOT NULL DEFAULT '[]',
      params jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      provider text,
      provider_reference text,
      last_error text,
      region_path text,
      department_id uuid,
      case_id uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sent_at timestamptz,
      CONSTRAINT notification_messages_status_chk CHECK (status IN ('pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure')),
      CONSTRAINT notification_messages_once UNIQUE (outbox_id, event, channel, recipient),
      CONSTRAINT notification_messages_source_once UNIQUE (source_key, event, channel, recipient)
    )`.execute(db);
  await sql`COMMENT ON TABLE notification_messages IS 'Each text sent to one recipient: its status, attempts, provider and template version; client reference = id'`.execute(db);
  await sql`COMMENT ON COLUMN notification_messages.recipient IS 'What the provider needs (a phone number); shown only as recipient_display'`.execute(db);
  await sql`COMMENT ON COLUMN notification_messages.body IS 'As rendered; a one-time code is masked once the message is final'`.execute(db);
  await sql`COMMENT ON COLUMN notification_messages.params IS 'The values put into the template (vendors send these); a one-time code is blanked once the message is final'`.execute(db);
  await sql`CREATE INDEX notification_messages_due_idx ON notification_messages (next_attempt_at) WHERE status IN ('pending', 'sending', 'temporary-failure')`.execute(db);
  await sql`CREATE INDEX notification_messages_created_idx ON notification_messages (created_at)`.execute(db);

  // A sign-in code should not wait for the next run of the notification job: its insert wakes the
  // job of every listening process (NOTIFY is delivered at commit). Other events wait for the timer.
  await sql`
    CREATE FUNCTION outbox_wake_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('onewindow_notify', NEW.topic);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER outbox_wake_notifications AFTER INSERT ON outbox
    FOR EACH ROW WHEN (NEW.topic = 'otp.requested') EXECUTE FUNCTION outbox_wake_notifications()`.execute(db);

  const at = new Date('2026-12-07T00:00:00Z');
  for (const [event, body] of Object.entries(defaultSmsTemplates)) {
    await sql`INSERT INTO notification_templates (event, channel, version, body, updated_at) VALUES (${event}, 'sms', 1, ${body}, ${at})`.execute(db);
  }
}

/** Version 1 of each SMS text, as it stood when this migration landed (src/domain/notification-templates.ts keeps the same). */
const defaultSmsTemplates: Record<string, string> = {
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
};

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
