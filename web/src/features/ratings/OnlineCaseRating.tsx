/**
 * 网上一事一评 in the applicant's own pages: the line on a concluded case (评价, or the rating given)
 * and the in-app rating page (`/online/cases/:id/rating`), through the applicant's own route.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from 'antd';
import { api } from '../../api.ts';
import { SignedIn } from '../online/OnlineLayout.tsx';
import { onlinePaths } from '../online/api.ts';
import { CaseRatingView } from './RatePage.tsx';
import { useI18n } from '../../i18n.tsx';
import { levelLabels, type Level } from './RatingForm.tsx';

const concluded = ['concluded', 'delivered', 'archived'];
export const ratingPath = (caseId: string) => `/online/cases/${encodeURIComponent(caseId)}/rating`;

/** On a concluded case: 评价 when not rated yet, else the level given (and 修改 while it may change). */
export function CaseRatingLine({ caseId, status }: { caseId: string; status: string }) {
  const { t, pick } = useI18n();
  const [given, setGiven] = useState<{ level: Level; changeable: boolean } | null | undefined>(undefined);
  const done = concluded.includes(status);
  useEffect(() => {
    if (!done) return;
    void api
      .get<{ rating: { level: Level; changeable: boolean } | null }>(`/api/online/cases/${encodeURIComponent(caseId)}/rating`, { quietUnauthenticated: true })
      .then((r) => setGiven(r.rating))
      .catch(() => setGiven(null));
  }, [caseId, done]);
  if (!done || given === undefined) return null;
  return (
    <div className="ol-card" data-testid="case-rating">
      <h2>{t('ratings.online.title')}</h2>
      <div className="ol-row">
        {given ? <span data-testid="case-rating-level">{t('ratings.online.given', { level: pick(levelLabels[given.level]) })}</span> : <span className="ol-muted">{t('ratings.online.invite')}</span>}
        {(!given || given.changeable) && (
          <Link to={ratingPath(caseId)}>
            <Button type={given ? 'default' : 'primary'} data-testid="case-rate">
              {given ? t('ratings.online.change') : t('ratings.online.rate')}
            </Button>
          </Link>
        )}
      </div>
    </div>
  );
}

export default function OnlineCaseRatingPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  return (
    <SignedIn>
      {() => (
        <>
          <Link to={onlinePaths.case(id)}>{t('ratings.online.back')}</Link>
          <CaseRatingView apiPath={`/api/online/cases/${encodeURIComponent(id)}/rating`} />
        </>
      )}
    </SignedIn>
  );
}
