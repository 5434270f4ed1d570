/**
 * Picks one published item by name or implementation code, searching the catalog as the user
 * types (the catalog may hold thousands of items). The value is the implementation code.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { guideApi, type ItemSummary } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

export interface ItemCodeSelectProps {
  value?: string;
  onChange?(value: string | undefined): void;
  placeholder?: string;
  style?: CSSProperties;
}

export function ItemCodeSelect({ value, onChange, placeholder, style }: ItemCodeSelectProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ItemSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<string, string>());

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      guideApi
        .searchItems({ q: query.trim() || undefined, limit: 30 }, controller.signal)
        .then((result) => {
          for (const item of result.items) known.current.set(item.implementationCode, item.name);
          setItems(result.items);
        })
        .catch(() => {
          if (!controller.signal.aborted) setItems([]);
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const options = items.map((item) => ({ value: item.implementationCode, label: `${item.name}(${item.implementationCode})` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: known.current.has(value) ? `${known.current.get(value)}(${value})` : value });

  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={options}
      loading={loading}
      placeholder={placeholder ?? t('cases.search.item')}
      aria-label={placeholder ?? t('cases.search.item')}
      notFoundContent={loading ? t('common.loading') : t('cases.search.noItems')}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
