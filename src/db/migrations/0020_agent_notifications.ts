import { sql, type Kysely } from 'kysely';

/**
 * The proxy agents' texts (帮办代办: the applicant is told at every step), as version 1 of their SMS
 * templates: the code that confirms an authorisation, the authorisation taken, its changes, and
 * the result received by the agent. Administrators edit them like the others (a new version).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const at = new Date();
  for (const [event, body] of Object.entries(agentTemplates)) {
    await sql`INSERT INTO notification_templates (event, channel, version, body, updated_at) VALUES (${event}, 'sms', 1, ${body}, ${at}) ON CONFLICT DO NOTHING`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}

// The texts as they were when this migration was written (src/domain/notification-templates.ts may change them later).
const agentTemplates: Record<string, string> = {
  authorisation_code: '【一窗通】您正在确认代办委托书{authorisationNo},验证码{code},{minutes}分钟内有效。如非本人委托请勿告诉他人。',
  agent_authorised: '【一窗通】{agent}为您办理“{matters}”的代办委托书{authorisationNo}已生成,委托至{until}。如非您本人委托,请致电当地便民服务中心。',
  agent_authorisation_changed: '【一窗通】您的代办委托书{authorisationNo}{state}。',
  agent_received: '【一窗通】您申请的{item}({caseNo})办理结果已由代办员{agent}代为领取,将送交给您。',
};
