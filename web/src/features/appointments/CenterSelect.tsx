/**
 * The service center a staff hall screen is about (预约管理, 大厅统计). The choice is in the
 * address (`?center=<id>`), so a reload or a shared link keeps it; without one the city hall.
 */
import { useCallback } from 'react';
import { Select } from 'antd';
import { useSearchParams } from 'react-router';
import type { Center } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource, type Resource } from '../../shared/resource.ts';
import { appointmentApi, defaultCenterId } from './model.ts';

export interface CenterChoice {
  centers: Resource<Center[]>;
  centerId: string | undefined;
  center: Center | undefined;
  setCenterId(id: string): void;
}

export function useCenterChoice(): CenterChoice {
  const centers = useResource<Center[]>(appointmentApi.staffCenters);
  const [params, setParams] = useSearchParams();
  const centerId = defaultCenterId(centers.data ?? [], params.get('center'));
  const setCenterId = useCallback(
    (id: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('center', id);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { centers, centerId, center: centers.data?.find((c) => c.id === centerId), setCenterId };
}

export function CenterSelect({ choice, width = 260 }: { choice: CenterChoice; width?: number }) {
  const { t } = useI18n();
  return (
    <Select
      aria-label={t('appointments.center')}
      data-testid="center-select"
      style={{ width }}
      value={choice.centerId}
      loading={choice.centers.loading}
      placeholder={t('appointments.book.centerPick')}
      options={(choice.centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(id: string) => choice.setCenterId(id)}
    />
  );
}
