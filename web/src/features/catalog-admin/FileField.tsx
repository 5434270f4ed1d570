/**
 * A form control holding a stored file's id (a blank form or a sample of a material): upload
 * replaces it (POST /api/files), the link downloads it, remove clears the reference.
 */
import { useState } from 'react';
import { Button, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { uploadFile, type StoredFile } from '../../api.ts';
import { acceptAttribute } from '../../../../src/domain/uploads.ts';
import { useI18n } from '../../i18n.tsx';

export interface FileFieldProps {
  id?: string;
  value?: string | null;
  onChange?: (fileId: string | null) => void;
  disabled?: boolean;
  /** What the file is, for the buttons' names ("空白表格"). */
  label: string;
}

export function FileField({ id, value, onChange, disabled, label }: FileFieldProps) {
  const { t, errorText } = useI18n();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [uploaded, setUploaded] = useState<StoredFile | null>(null);

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const saved = await uploadFile<StoredFile>('/api/files', file);
      setUploaded(saved);
      onChange?.(saved.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setUploading(false);
    }
  };

  const name = uploaded && uploaded.id === value ? uploaded.name : t('catalogAdmin.file.download');

  return (
    <div id={id}>
      <Space wrap>
        {value ? (
          <Typography.Link href={`/api/files/${value}`} target="_blank" rel="noopener">
            <DownloadOutlined /> {name}
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('catalogAdmin.file.none')}</Typography.Text>
        )}
        {disabled ? null : (
          <Upload
            accept={acceptAttribute('form')}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={uploading} aria-label={`${t('catalogAdmin.file.upload')} ${label}`}>
              {value ? t('catalogAdmin.file.replace') : t('catalogAdmin.file.upload')}
            </Button>
          </Upload>
        )}
        {value && !disabled ? <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('catalogAdmin.file.remove')} ${label}`} onClick={() => onChange?.(null)} /> : null}
      </Space>
      {error ? (
        <div>
          <Typography.Text type="danger">{errorText(error)}</Typography.Text>
        </div>
      ) : null}
    </div>
  );
}
