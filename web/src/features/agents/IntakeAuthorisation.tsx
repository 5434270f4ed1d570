/**
 * In 综合受理, for a proxy agent: the authorisation under which they apply for this applicant and
 * this matter. The covering one is chosen by the same rule the server applies; without one the
 * agent takes a new 代办服务委托书 here (matter, powers, period), prints it for the applicant to
 * sign and uploads the scan, and then applies. The server refuses an application without it.
 */
import { useEffect } from 'react';
import { Alert, Button, Checkbox, Form, Input, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { agentPowerLabels, agentPowers, type AgentPower } from '../../../../src/domain/agent-authorisation.ts';
import { useStaff } from '../../app/session.tsx';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { invalidate, useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { AuthorisationCard } from './AgentPage.tsx';
import { agentApi, coveringAuthorisation, defaultUntil, pendingFor, type Authorisation } from './model.ts';

export interface IntakeAuthorisationProps {
  applicant: { id: string; name: string };
  matter: { kind: 'item' | 'bundle'; code: string; name: string };
  today: string;
  /** The authorisation that covers the application now, or `null`. */
  onChange(authorisationId: string | null): void;
}

export function IntakeAuthorisation({ applicant, matter, today, onChange }: IntakeAuthorisationProps) {
  const { t, pick } = useI18n();
  const { staff } = useStaff();
  const path = agentApi.forApplicant(applicant.id);
  const list = useResource<Authorisation[]>(path);
  const covering = coveringAuthorisation(list.data ?? [], staff.id, applicant.id, matter, today);
  const coveringId = covering?.id ?? null;
  useEffect(() => onChange(coveringId), [coveringId, onChange]);
  const taking = useModalState<true>();
  const pending = pendingFor(list.data ?? [], matter);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return null;
  return (
    <div data-testid="intake-authorisation">
      {covering ? (
        <Alert type="success" showIcon title={t('agents.intake.covered', { no: covering.authorisationNo, until: covering.validUntil })} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('agents.intake.none')} />
          {pending.map((a) => (
            <AuthorisationCard key={a.id} authorisation={a} manage onChanged={() => invalidate(path)} />
          ))}
          {pending.length === 0 ? (
            <Button icon={<PlusOutlined />} type="primary" onClick={() => taking.show(true)} data-testid="new-authorisation">
              {t('agents.new.button')}
            </Button>
          ) : null}
        </Space>
      )}
      <FormModal<{ powers: AgentPower[]; validUntil: string }>
        open={taking.open}
        title={t('agents.new.title')}
        okText={t('agents.new.ok')}
        successMessage={t('agents.new.created')}
        initialValues={{ powers: [...agentPowers], validUntil: defaultUntil(today) }}
        onClose={taking.hide}
        onSubmit={async (values, action) => {
          await action.send('POST', agentApi.authorisations, { applicantId: applicant.id, matters: [{ kind: matter.kind, code: matter.code }], powers: values.powers, validFrom: today, validUntil: values.validUntil });
          await invalidate(path);
        }}
      >
        <Typography.Paragraph>{t('agents.new.for', { name: applicant.name, matter: matter.name })}</Typography.Paragraph>
        <Form.Item name="powers" label={t('agents.auth.powers')} rules={[{ required: true }]}>
          <Checkbox.Group options={agentPowers.map((p) => ({ value: p, label: pick(agentPowerLabels[p]), disabled: p === 'apply' }))} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('agents.new.until')} rules={[{ required: true }]}>
          <Input type="date" min={today} style={{ width: 180 }} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
