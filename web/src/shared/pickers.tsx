/** Pickers over the organisation: a region tree select and a department select, for forms. */
import { useMemo } from 'react';
import { Select, TreeSelect } from 'antd';
import { regionLevelLabels } from '../../../src/domain/region.ts';
import type { Region } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { buildRegionTree, upperRegionCodes, useOrgLookup, type RegionNode } from './org.ts';

interface TreeOption {
  value: string;
  title: string;
  label: string;
  disabled: boolean;
  children: TreeOption[];
}

export interface RegionTreeSelectProps {
  id?: string;
  value?: string;
  onChange?: (code: string) => void;
  disabled?: boolean;
  placeholder?: string;
  /** Regions that may be picked; the others show greyed out (so the tree stays whole). */
  isSelectable?: (region: Region) => boolean;
}

/** A region picker showing the tree, searchable by name or code. */
export function RegionTreeSelect({ id, value, onChange, disabled, placeholder, isSelectable }: RegionTreeSelectProps) {
  const { t, pick } = useI18n();
  const { regions } = useOrgLookup();
  const treeData = useMemo(() => {
    const toOption = (node: RegionNode): TreeOption => ({
      value: node.region.code,
      title: `${node.region.name} · ${pick(regionLevelLabels[node.region.level])}`,
      label: node.region.name,
      disabled: isSelectable ? !isSelectable(node.region) : false,
      children: node.children.map(toOption),
    });
    return buildRegionTree(regions).map(toOption);
  }, [regions, isSelectable, pick]);
  const expanded = useMemo(() => upperRegionCodes(regions), [regions]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(code: string) => onChange?.(code)}
      disabled={disabled}
      placeholder={placeholder ?? t('region.pick')}
      treeData={treeData}
      treeNodeLabelProp="label"
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={expanded}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      key={expanded.length /* re-apply the default expansion once regions arrive */}
    />
  );
}

export interface DepartmentSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (id: string | null) => void;
  disabled?: boolean;
  placeholder?: string;
  allowClear?: boolean;
}

/** A department picker; clearing it means "no department" (null). */
export function DepartmentSelect({ id, value, onChange, disabled, placeholder, allowClear = true }: DepartmentSelectProps) {
  const { t } = useI18n();
  const { departments, regionName } = useOrgLookup();
  const options = useMemo(() => departments.map((d) => ({ value: d.id, label: d.name, title: `${d.name} · ${regionName(d.regionCode)}` })), [departments, regionName]);
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      disabled={disabled}
      allowClear={allowClear}
      placeholder={placeholder ?? t('department.pickOptional')}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
    />
  );
}
