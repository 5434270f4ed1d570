/**
 * The public pages, which need no sign-in: an applicant who lands on the sign-in page or on `/` is
 * looking for one of these, not for a staff account.
 */
import { Space } from 'antd';
import { CalendarOutlined, FileSearchOutlined, NotificationOutlined, ReadOutlined, SafetyCertificateOutlined, ShopOutlined } from '@ant-design/icons';
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../i18n.tsx';

const publicPages: { to: string; title: MessageKey; icon: ReactNode }[] = [
  { to: '/guide', title: 'public.guide', icon: <ReadOutlined aria-hidden /> },
  { to: '/query', title: 'public.query', icon: <FileSearchOutlined aria-hidden /> },
  { to: '/hall', title: 'public.hall', icon: <ShopOutlined aria-hidden /> },
  { to: '/book', title: 'public.book', icon: <CalendarOutlined aria-hidden /> },
  { to: '/verify', title: 'public.verify', icon: <SafetyCertificateOutlined aria-hidden /> },
  { to: '/gongshi', title: 'public.publicity', icon: <NotificationOutlined aria-hidden /> },
];

export function PublicLinks({ style }: { style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('public.label')} style={style}>
      <Space wrap size={[16, 8]} style={{ justifyContent: 'center' }}>
        {publicPages.map((page) => (
          <Link key={page.to} to={page.to} style={{ fontSize: 14, whiteSpace: 'nowrap' }}>
            {page.icon} {t(page.title)}
          </Link>
        ))}
      </Space>
    </nav>
  );
}
