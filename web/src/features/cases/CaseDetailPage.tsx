/** `/cases/:id`: one case on its own page, with a way back to the list the user came from. */
import { Button, Space } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { NotFoundPage } from '../../app/ErrorPages.tsx';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n.tsx';
import { CaseDetail } from './CaseDetail.tsx';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!uuid.test(id)) return <NotFoundPage />;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(paths.cases))}>
          {t('cases.back')}
        </Button>
      </Space>
      <CaseDetail key={id} caseId={id} />
    </>
  );
}
