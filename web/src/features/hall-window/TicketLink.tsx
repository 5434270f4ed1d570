/**
 * On the intake screen opened from the window (`/intake?ticket=…&ticketNumber=…`): a banner naming
 * the ticket being served and, once the case is made, the link from the ticket to the case (which
 * records the applicant's trip), with the way back to the window.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button } from 'antd';
import { useNavigate } from 'react-router';
import { Action } from '../../api.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n.tsx';
import { hallApi } from './model.ts';

export function TicketLink({ ticketId, ticketNumber, caseId }: { ticketId: string; ticketNumber: string; caseId: string | null }) {
  const { t, errorText } = useI18n();
  const navigate = useNavigate();
  const action = useMemo(() => new Action(), []);
  const [linked, setLinked] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!caseId || linked === caseId) return;
    let cancelled = false;
    action.send('POST', hallApi.act(ticketId), { action: 'link', caseIds: [caseId] }).then(
      () => !cancelled && setLinked(caseId),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [action, caseId, linked, ticketId]);

  const back = (
    <Button size="small" onClick={() => navigate(paths.hallWindow)}>
      {t('hallWindow.backToWindow')}
    </Button>
  );
  if (error) return <Alert type="error" showIcon message={errorText(error)} action={back} style={{ marginBottom: 16 }} />;
  if (caseId && linked === caseId) return <Alert type="success" showIcon data-testid="ticket-linked" message={t('hallWindow.ticketLinked', { number: ticketNumber })} action={back} style={{ marginBottom: 16 }} />;
  return <Alert type="info" showIcon data-testid="ticket-banner" message={t('hallWindow.ticketBanner', { number: ticketNumber })} style={{ marginBottom: 16 }} />;
}
