/**
 * After the decision: the case number, where it stands, the promised date and the query password
 * to tell the applicant, the notices to print (受理通知书, 容缺受理通知书, 一次性告知书, 不予受理决定书
 * as the case carries them), the case itself, and 下一位 for the next applicant.
 */
import { useEffect, useRef } from 'react';
import { Button, Descriptions, Result, Space, Typography } from 'antd';
import { ArrowRightOutlined, FileSearchOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { caseStatusLabels } from '../../../../src/domain/case-lifecycle.ts';
import { useI18n } from '../../i18n.tsx';
import { KeyHint, useShortcut } from '../../shared/shortcut.tsx';
import { documentPaths, printableKinds, type CaseView, type NoticeKind } from '../documents/model.ts';
import type { IntakeDecision } from './api.ts';
import { OnTheSpot } from './OnTheSpot.tsx';

const titleKeys = {
  accept: 'intake.result.accepted',
  correction: 'intake.result.correction',
  refuse: 'intake.result.refused',
  submit: 'intake.result.submitted',
} as const;

const printKeys = {
  acceptance: 'intake.result.print.acceptance',
  deferred: 'intake.result.print.deferred',
  correction: 'intake.result.print.correction',
  refusal: 'intake.result.print.refusal',
} as const satisfies Record<NoticeKind, string>;

export function ResultPanel({ result, decision, onNext, onView }: { result: CaseView; decision: IntakeDecision; onNext(): void; onView(view: CaseView): void }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const kinds = printableKinds(result.notices);
  const first = useRef<HTMLAnchorElement | HTMLButtonElement>(null);

  // The first thing to do next has the focus: deciding an instant item on the spot (its own button), else printing.
  const decideFirst = result.available.includes('decide_on_spot');
  useEffect(() => {
    if (!decideFirst) first.current?.focus();
  }, [decideFirst]);
  useShortcut('F8', onNext);

  // An instant item decided at the desk says so; until then, what the intake decided.
  const concluded = result.status === 'concluded' ? (result.outcome === 'rejected' ? 'intake.result.rejectedOnSpot' : 'intake.result.approvedOnSpot') : null;
  const status = decision === 'refuse' || result.outcome === 'rejected' ? 'warning' : decision === 'correction' ? 'info' : 'success';
  return (
    <Result
      status={status}
      title={<span data-testid="result-title">{t(concluded ?? titleKeys[decision])}</span>}
      subTitle={`${result.applicantName} · ${result.itemName}`}
      style={{ padding: '24px 16px' }}
      extra={
        <div data-testid="intake-result" data-case-id={result.id} style={{ textAlign: 'left', maxWidth: 720, margin: '0 auto' }}>
          <Descriptions
            bordered
            size="middle"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'caseNo',
                label: t('intake.result.caseNo'),
                children: (
                  <Typography.Text copyable strong style={{ fontSize: 16 }} data-testid="result-case-no">
                    {result.caseNo}
                  </Typography.Text>
                ),
              },
              {
                key: 'status',
                label: t('intake.result.status'),
                children: (
                  <span data-testid="result-status" data-status={result.status}>
                    {pick(caseStatusLabels[result.status])}
                  </span>
                ),
              },
              {
                key: 'due',
                label: t('intake.result.dueDate'),
                children: <span data-testid="result-due-date">{result.dueDate ?? (result.caseKind === 'instant' && result.status !== 'refused' ? t('intake.result.onTheSpot') : '—')}</span>,
              },
              {
                key: 'password',
                label: t('intake.result.password'),
                children: result.queryPassword ? (
                  <Typography.Text copyable strong style={{ fontSize: 20, letterSpacing: 3, fontFamily: 'ui-monospace, Consolas, monospace' }} data-testid="result-query-password">
                    {result.queryPassword}
                  </Typography.Text>
                ) : (
                  '—'
                ),
              },
            ]}
          />
          {result.queryPassword ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('intake.result.passwordHint')}
            </Typography.Paragraph>
          ) : null}
          <OnTheSpot view={result} onView={onView} />
          <Space wrap style={{ marginTop: 16 }}>
            {kinds.map((kind, index) => (
              <Button key={kind} ref={index === 0 ? first : undefined} type={index === 0 ? 'primary' : 'default'} icon={<PrinterOutlined />} href={documentPaths.print(result.id, kind)} target="_blank" data-testid={`print-${kind}`}>
                {t(printKeys[kind])}
              </Button>
            ))}
            <Button icon={<FileSearchOutlined />} onClick={() => navigate(`/cases/${encodeURIComponent(result.id)}`)} data-testid="open-case">
              {t('intake.result.openCase')}
            </Button>
            <Button ref={kinds.length === 0 ? first : undefined} type={kinds.length === 0 ? 'primary' : 'default'} icon={<ArrowRightOutlined />} onClick={onNext} aria-keyshortcuts="F8" data-testid="next-applicant">
              {t('intake.result.next')}
              <KeyHint keyName="F8" />
            </Button>
          </Space>
        </div>
      }
    />
  );
}
