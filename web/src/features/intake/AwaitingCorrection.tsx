/**
 * A returning applicant: their cases waiting for the materials listed on the one correction notice.
 * The same case continues (原申请继续办理) — the clerk opens it and takes the materials there,
 * instead of starting a new application.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { intakeApi, type ApplicantView, type CaseSummary, type LookupQuery } from './api.ts';

function whoIs(applicant: ApplicantView, typedIdNumber: string | null): LookupQuery | null {
  if (applicant.uscc) return { uscc: applicant.uscc };
  if (typedIdNumber) return { idNumber: typedIdNumber };
  if (applicant.phone) return { phone: applicant.phone };
  return null;
}

export function AwaitingCorrection({ applicant, typedIdNumber }: { applicant: ApplicantView; typedIdNumber: string | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const who = whoIs(applicant, typedIdNumber);
  const key = who ? JSON.stringify(who) : null;

  useEffect(() => {
    setCases([]);
    if (!key) return;
    const controller = new AbortController();
    // A hint only: if the search fails, intake goes on as usual.
    intakeApi.awaitingCorrection(JSON.parse(key) as LookupQuery, controller.signal).then(
      (answer) => setCases(answer.cases),
      () => undefined,
    );
    return () => controller.abort();
  }, [key]);

  // A phone number may be shared; show only this applicant's cases.
  const mine = cases.filter((c) => c.applicantName === applicant.name);
  if (mine.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="awaiting-correction"
      title={t('intake.applicant.awaitingCorrection', { count: mine.length })}
      description={
        <Space wrap>
          {mine.map((c) => (
            <Button key={c.id} size="small" onClick={() => navigate(`/cases/${encodeURIComponent(c.id)}`)} data-testid="awaiting-correction-case" data-case-no={c.caseNo}>
              {c.itemName}({c.caseNo})
            </Button>
          ))}
        </Space>
      }
    />
  );
}
