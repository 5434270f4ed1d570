/**
 * The item or bundle being applied for, with its time limit and, for an item with 情形, the
 * scenario choice that decides the material list.
 */
import { Alert, Button, Radio, Tag, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { producedByRegistration } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { caseKindText, dayUnitText } from '../guide/labels.ts';
import { scenariosOf, targetName, type IntakeTarget } from './model.ts';

export interface TargetSummaryProps {
  target: IntakeTarget;
  scenario: string | null;
  onScenario(code: string): void;
  onChange(): void;
  /** Marks the scenario group so the page can move the focus there. */
  scenarioGroupId: string;
}

export function TargetSummary({ target, scenario, onScenario, onChange, scenarioGroupId }: TargetSummaryProps) {
  const { t, pick } = useI18n();
  const scenarios = scenariosOf(target);
  const sep = t('intake.listSeparator');
  let facts: string;
  if (target.kind === 'item') {
    const c = target.version.content;
    facts = [c.departmentName, pick(caseKindText[c.caseKind]), c.caseKind === 'instant' ? t('intake.item.onTheSpot') : t('intake.item.promised', { days: c.promisedDays, unit: pick(dayUnitText[c.promisedUnit]) })].join(' · ');
  } else {
    const b = target.view.bundle.content;
    facts = [b.leadDepartmentName, t('intake.item.promised', { days: b.promisedDays, unit: pick(dayUnitText.working) })].join(' · ');
  }
  const produced = target.kind === 'bundle' ? producedByRegistration(target.view) : undefined;
  return (
    <div data-testid="intake-target" data-kind={target.kind} data-code={target.code}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text strong style={{ fontSize: 17 }} data-testid="intake-target-name">
            {targetName(target)}
          </Typography.Text>{' '}
          {target.kind === 'bundle' ? <Tag color="orange">{t('intake.item.bundle')}</Tag> : null}
          <div>
            <Typography.Text type="secondary">
              {target.code} · {facts}
            </Typography.Text>
          </div>
          {target.kind === 'bundle' && target.view.missing.length > 0 ? <Alert type="warning" showIcon style={{ marginTop: 6 }} title={t('intake.item.membersUnpublished', { codes: target.view.missing.join(sep) })} /> : null}
          {target.kind === 'bundle' ? (
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">{t('intake.item.members', { names: target.view.members.map((m) => m.content.name).join(sep) })}</Typography.Text>
            </div>
          ) : null}
          {produced ? <Alert type="info" showIcon style={{ marginTop: 6 }} data-testid="intake-produced" title={t('intake.item.produced', { member: produced.member, things: produced.things.join(sep) })} /> : null}
        </div>
        <Button icon={<SwapOutlined />} onClick={onChange} data-testid="intake-target-change">
          {t('intake.item.change')}
        </Button>
      </div>
      {scenarios.length > 0 ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong id={`${scenarioGroupId}-label`}>
            {t('intake.item.scenario')}
          </Typography.Text>
          {scenario === null ? (
            <Typography.Text type="warning" style={{ marginLeft: 8 }}>
              {t('intake.item.scenarioHint')}
            </Typography.Text>
          ) : null}
          <div style={{ marginTop: 6 }}>
            <Radio.Group
              id={scenarioGroupId}
              aria-labelledby={`${scenarioGroupId}-label`}
              name="intake-scenario"
              value={scenario}
              onChange={(e) => onScenario(e.target.value as string)}
              data-testid="scenario-group"
              options={scenarios.map((s) => ({ value: s.code, label: <span title={s.description}>{s.name}</span> }))}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
