/** An address under /guide that leads nowhere: say so in the guide's own frame, not at the sign-in page. */
import { useI18n } from '../../i18n.tsx';
import { GuideNotFound } from './parts.tsx';

export default function NotFoundPage() {
  const { t } = useI18n();
  return <GuideNotFound title={t('guide.notFound.page')} />;
}
