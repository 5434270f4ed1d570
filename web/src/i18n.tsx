/**
 * Chinese first, English second. One dictionary per language (the Chinese one defines the keys, so
 * a missing English word fails the typecheck), a React context, and antd's own locale. The choice
 * is kept in localStorage; without one the app speaks Chinese.
 *
 * @example
 * const { t, pick, errorText } = useI18n();
 * t('home.greeting.morning', { name: staff.displayName });
 * pick(roleLabels.reviewer); // '审批员' or 'Department reviewer'
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { messages, type MessageKey } from './messages.ts';
import { toApiError } from './api.ts';

export type Locale = 'zh' | 'en';
export const locales: readonly Locale[] = ['zh', 'en'];

const storageKey = 'onewindow.locale';

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(storageKey);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage may be blocked (private mode, policy); Chinese is the default.
  }
  return 'zh';
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A dictionary word, with `{name}` placeholders filled from `vars`. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Whether a key built at run time (an audit action code) has a word in the dictionary. */
  has(key: string): key is MessageKey;
  /** The label of the current language from a `{ zh, en }` pair (role and level labels of src/domain). */
  pick(label: { zh: string; en: string }): string;
  /** What to show for a failure: the server's Chinese or English message. */
  errorText(error: unknown): string;
  formatDateTime(iso: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * antd ships ES modules without `"type": "module"`, so TypeScript (nodenext) types their default
 * import as the whole module while the bundler hands over the locale itself; accept both.
 */
function moduleDefault<T>(imported: T | { default: T }): T {
  return (imported as { default?: T }).default ?? (imported as T);
}

const antdLocales = { zh: moduleDefault(zhCNModule), en: moduleDefault(enUSModule) };

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = messages[locale]['app.title'];
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const dictionary = messages[locale];
    const dateFormat = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    return {
      locale,
      setLocale,
      t: (key, vars) => fill(dictionary[key], vars),
      has: (key): key is MessageKey => Object.hasOwn(dictionary, key),
      pick: (label) => (locale === 'zh' ? label.zh : label.en),
      // The server's message for the particular case; a known code without one reads its meaning (see errorPayloadOf).
      errorText: (error) => {
        const apiError = toApiError(error);
        return locale === 'zh' ? apiError.messageZh : apiError.messageEn;
      },
      formatDateTime: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
      },
    };
  }, [locale, setLocale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[locale]} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6, colorBgLayout: '#f3f5f9' } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export type { MessageKey };
