/**
 * The rating form both rating screens share: five big levels (stored as meanings), then optionally
 * the form's indicators (each five levels, equal to the overall one until changed), tags of the
 * matching polarity, a comment and 实名/匿名. `size` 'pad' is the window tablet's large print.
 */
import { useState } from 'react';
import { Button, Input } from 'antd';
import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { ratingLevelLabels } from '../../../../src/domain/rating.ts';
import { useI18n } from '../../i18n.tsx';

export const levels = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type Level = (typeof levels)[number];
/** The level's words in the language shown (src/domain/rating.ts's labels). */
export const levelLabels = ratingLevelLabels;
const levelColours: Record<Level, string> = { very_satisfied: '#237804', satisfied: '#52c41a', basic: '#d4b106', dissatisfied: '#fa8c16', very_dissatisfied: '#cf1322' };
const levelIcon = (l: Level) => (l === 'basic' ? <MehOutlined /> : l === 'dissatisfied' || l === 'very_dissatisfied' ? <FrownOutlined /> : <SmileOutlined />);
const isBad = (l: Level) => l === 'dissatisfied' || l === 'very_dissatisfied';

export interface RatingFormDef {
  id: string;
  version: number;
  indicators: { key: string; zh: string; en: string }[];
  tags: { key: string; zh: string; en: string; polarity: 'good' | 'bad' }[];
}

export interface RatingValue {
  level: Level;
  indicators: Record<string, Level>;
  tags: string[];
  comment: string;
  anonymous: boolean;
}

export function RatingForm({ form, size, initial, busy, onSubmit }: { form: RatingFormDef; size: 'pad' | 'phone'; initial?: Partial<RatingValue>; busy: boolean; onSubmit(value: RatingValue): void }) {
  const { t, pick } = useI18n();
  const [level, setLevel] = useState<Level | null>(initial?.level ?? null);
  const [indicators, setIndicators] = useState<Record<string, Level>>(initial?.indicators ?? {});
  const [tags, setTags] = useState<string[]>(initial?.tags ?? []);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [anonymous, setAnonymous] = useState(initial?.anonymous ?? false);
  const [more, setMore] = useState(size === 'phone');
  const big = size === 'pad';
  const font = big ? 30 : 18;
  const chip = (selected: boolean, colour = '#1677ff') => ({
    fontSize: big ? 28 : 16,
    height: 'auto',
    padding: big ? '12px 22px' : '6px 12px',
    borderRadius: 999,
    borderWidth: 2,
    borderColor: selected ? colour : '#d9d9d9',
    background: selected ? colour : '#fff',
    color: selected ? '#fff' : '#262626',
  });
  const polarity = level ? (isBad(level) ? 'bad' : 'good') : null;
  const shownTags = form.tags.filter((t) => t.polarity === polarity);
  const choose = (l: Level) => {
    setLevel(l);
    setTags((ts) => ts.filter((k) => form.tags.find((t) => t.key === k)?.polarity === (isBad(l) ? 'bad' : 'good')));
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: big ? 28 : 16 }}>
      <div role="radiogroup" aria-label={t('ratings.form.levels')} style={{ display: 'grid', gridTemplateColumns: big ? 'repeat(5, 1fr)' : '1fr', gap: big ? 16 : 8 }}>
        {levels.map((l) => (
          <Button
            key={l}
            role="radio"
            aria-checked={level === l}
            data-testid={`level-${l}`}
            onClick={() => choose(l)}
            icon={<span style={{ fontSize: big ? 56 : 24 }}>{levelIcon(l)}</span>}
            style={{
              height: big ? 190 : 56,
              fontSize: font,
              fontWeight: 700,
              display: 'flex',
              flexDirection: big ? 'column' : 'row',
              alignItems: 'center',
              justifyContent: big ? 'center' : 'flex-start',
              gap: 8,
              borderWidth: 3,
              borderColor: levelColours[l],
              background: level === l ? levelColours[l] : '#fff',
              color: level === l ? '#fff' : levelColours[l],
            }}
          >
            {pick(levelLabels[l])}
          </Button>
        ))}
      </div>
      {level && (
        <>
          {big && !more && (
            <Button style={{ fontSize: 26, height: 'auto', padding: '10px 24px', alignSelf: 'flex-start' }} onClick={() => setMore(true)}>
              {t('ratings.form.more')}
            </Button>
          )}
          {more && (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
              {form.indicators
                .filter((i) => i.key !== 'overall')
                .map((i) => {
                  const value = indicators[i.key] ?? level;
                  return (
                    <div key={i.key} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
                      <span style={{ fontSize: font, minWidth: big ? 180 : '100%' }}>{pick(i)}</span>
                      {levels.map((l) => (
                        <Button key={l} size="small" aria-pressed={value === l} onClick={() => setIndicators((v) => ({ ...v, [i.key]: l }))} style={chip(value === l, levelColours[l])}>
                          {pick(levelLabels[l])}
                        </Button>
                      ))}
                    </div>
                  );
                })}
            </div>
          )}
          {shownTags.length > 0 && (
            <div>
              <div style={{ fontSize: font, marginBottom: 8 }}>{polarity === 'bad' ? t('ratings.form.badTags') : t('ratings.form.goodTags')}</div>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10 }}>
                {shownTags.map((tag) => {
                  const on = tags.includes(tag.key);
                  return (
                    <Button key={tag.key} data-testid={`tag-${tag.key}`} aria-pressed={on} type={on ? 'primary' : 'default'} onClick={() => setTags((ts) => (on ? ts.filter((k) => k !== tag.key) : [...ts, tag.key]))} style={chip(on)}>
                      {pick(tag)}
                    </Button>
                  );
                })}
              </div>
            </div>
          )}
          <Input.TextArea
            aria-label={t('ratings.form.comment')}
            placeholder={t('ratings.form.commentHint')}
            value={comment}
            maxLength={500}
            onChange={(e) => setComment(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 4 }}
            style={{ fontSize: big ? 26 : 16 }}
          />
          <div role="radiogroup" aria-label={t('ratings.form.nameOrNot')} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 10 }}>
            {[false, true].map((anon) => (
              <Button
                key={String(anon)}
                role="radio"
                aria-checked={anonymous === anon}
                data-testid={anon ? 'anonymous' : 'real-name'}
                type={anonymous === anon ? 'primary' : 'default'}
                onClick={() => setAnonymous(anon)}
                style={chip(anonymous === anon)}
              >
                {anon ? t('ratings.form.anonymous') : t('ratings.form.realName')}
              </Button>
            ))}
            <span style={{ fontSize: big ? 22 : 14, color: '#595959' }}>{anonymous ? t('ratings.form.anonymousHint') : t('ratings.form.realNameHint')}</span>
          </div>
          <Button
            type="primary"
            data-testid="submit-rating"
            loading={busy}
            onClick={() => onSubmit({ level, indicators: Object.fromEntries(form.indicators.filter((i) => i.key !== 'overall').map((i) => [i.key, indicators[i.key] ?? level])), tags, comment, anonymous })}
            style={{ fontSize: big ? 34 : 20, height: big ? 96 : 52, fontWeight: 700 }}
          >
            {t('ratings.form.submit')}
          </Button>
        </>
      )}
    </div>
  );
}
