/**
 * Step 2: what is applied for. One search box over the published items and 一件事 bundles (names,
 * aliases, pinyin, initials, sound-alike characters: the server's one search, as the guide's). Arrow keys move through the hits; Enter
 * takes the highlighted one, the first by default — even if pressed before the answer arrives.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Input, Spin, Tag, Typography, type InputRef } from 'antd';
import { AppstoreOutlined, FileTextOutlined, SearchOutlined } from '@ant-design/icons';
import { guideApi, type ItemSearchResult } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { caseKindText } from '../guide/labels.ts';
import { rankHits, type SearchHit } from './model.ts';

const typingPause = 200;
const hitLimit = 8;

export interface ItemPickerProps {
  /** Bumped to focus the box (the applicant was just chosen, or the clerk asked to change the item); 0 leaves the focus alone. */
  focusKey: number;
  onPick(hit: SearchHit): void;
}

interface Answer {
  query: string;
  result: ItemSearchResult;
}

export function ItemPicker({ focusKey, onPick }: ItemPickerProps) {
  const { t, pick, errorText } = useI18n();
  const listId = useId();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const [pendingEnter, setPendingEnter] = useState<string | null>(null);
  const query = text.trim();

  useEffect(() => {
    if (focusKey > 0) input.current?.focus();
  }, [focusKey]);

  useEffect(() => {
    if (!query) {
      setAnswer(null);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      guideApi.searchItems({ q: query, limit: hitLimit }, controller.signal).then(
        (result) => {
          setError(null);
          setAnswer({ query, result });
        },
        (caught: unknown) => {
          if (!controller.signal.aborted) setError(caught);
        },
      );
    }, typingPause);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const current = answer?.query === query ? answer : null;
  const hits = current ? rankHits(current.result).slice(0, hitLimit) : [];
  const searching = query !== '' && !current && !error;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query puts the highlight back on the first hit
  useEffect(() => setActive(0), [query]);

  // Enter pressed before the answer came: take the first hit as soon as it is there.
  useEffect(() => {
    if (pendingEnter !== null && pendingEnter === current?.query) {
      setPendingEnter(null);
      if (hits[0]) onPick(hits[0]);
    }
  }, [pendingEnter, current, hits, onPick]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length === 0) return;
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!query) return;
      if (current) {
        const hit = hits[active] ?? hits[0];
        if (hit) onPick(hit);
      } else {
        setPendingEnter(query);
      }
    } else if (event.key === 'Escape') {
      setText('');
    }
  };

  const activeHit = hits[active];
  return (
    <div>
      <Input
        ref={input}
        size="large"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('intake.item.searchPlaceholder')}
        aria-label={t('intake.item.searchLabel')}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeHit ? `${listId}-${activeHit.kind}-${activeHit.code}` : undefined}
        prefix={<SearchOutlined />}
        suffix={searching ? <Spin size="small" /> : <span />}
        allowClear
        autoComplete="off"
        maxLength={100}
        data-testid="item-search"
        style={{ maxWidth: 720 }}
      />
      {error ? (
        <Typography.Paragraph type="danger" style={{ margin: '8px 0 0' }}>
          {errorText(error)}
        </Typography.Paragraph>
      ) : null}
      {current && hits.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="item-no-hits">
          {t('intake.item.noHits')}
        </Typography.Paragraph>
      ) : null}
      {hits.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern: the input keeps focus and names the active option (aria-activedescendant)
        <ul id={listId} role="listbox" aria-label={t('intake.item.hits')} style={{ listStyle: 'none', margin: '8px 0 0', padding: 0, maxWidth: 720, border: '1px solid #e3e8ef', borderRadius: 8, background: '#fff' }}>
          {hits.map((hit, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/useFocusableInteractive: options of the combobox above; the arrow keys and Enter are handled on its input
            <li
              key={`${hit.kind}-${hit.code}`}
              id={`${listId}-${hit.kind}-${hit.code}`}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the combobox's listbox
              role="option"
              aria-selected={index === active}
              data-testid="item-hit"
              data-kind={hit.kind}
              data-code={hit.code}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(hit)}
              onMouseEnter={() => setActive(index)}
              style={{
                padding: '8px 12px',
                cursor: 'pointer',
                display: 'flex',
                gap: 10,
                alignItems: 'center',
                background: index === active ? '#e6f0ff' : undefined,
                borderTop: index === 0 ? undefined : '1px solid #f0f2f5',
              }}
            >
              {hit.kind === 'bundle' ? <AppstoreOutlined style={{ color: '#d46b08' }} /> : <FileTextOutlined style={{ color: '#1f5fbf' }} />}
              <span style={{ flex: 1, minWidth: 0 }}>
                <span style={{ fontWeight: 600 }}>{hit.name}</span>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {hit.kind === 'item' ? `${hit.item.departmentName} · ${hit.code}` : `${t('intake.item.memberCount', { count: hit.bundle.content.itemCodes.length })} · ${hit.code}`}
                </Typography.Text>
              </span>
              {hit.kind === 'bundle' ? <Tag color="orange">{t('intake.item.bundle')}</Tag> : <Tag>{pick(caseKindText[hit.item.caseKind])}</Tag>}
              {index === active ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  ↵
                </Typography.Text>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
