import { Segmented } from 'antd';
import { useI18n, type Locale } from '../../i18n.tsx';

/** 中文 / English, always written in its own language so either reader finds it. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('layout.language')}
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
