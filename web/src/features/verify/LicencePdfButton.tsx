/**
 * Downloads an e-licence as its A4 PDF: staff (signed in) by `GET /api/licences/{id}/pdf`; the
 * holder on the public query page with the case number and query password, by a POST so the
 * password never goes in an address. A refusal (wrong password, locked query) is said under it.
 *
 * @example
 * <LicencePdfButton licence={licence} />
 * <LicencePdfButton licence={licence} holder={{ caseNo, password }} />
 */
import { useState } from 'react';
import { Button, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { downloadFile } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { licencePdfName, licencePdfPath, publicLicencePdfPath } from './model.ts';

export interface LicencePdfButtonProps {
  licence: { identifier: string; licenceType: string };
  /** For the holder: what opened the public query. */
  holder?: { caseNo: string; password: string };
  size?: 'small' | 'middle' | 'large';
}

export function LicencePdfButton({ licence, holder, size = 'small' }: LicencePdfButtonProps) {
  const { t, errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = () => {
    setBusy(true);
    setError(null);
    const done = holder ? downloadFile(publicLicencePdfPath(licence.identifier), licencePdfName(licence), { body: holder }) : downloadFile(licencePdfPath(licence.identifier), licencePdfName(licence));
    done.then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2 }}>
      <Button size={size} icon={<FilePdfOutlined />} loading={busy} onClick={download} data-testid={`download-pdf-${licence.identifier}`}>
        {t('verify.downloadPdf')}
      </Button>
      {error ? (
        <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
          {errorText(error)}
        </Typography.Text>
      ) : null}
    </span>
  );
}
