/** 行政区划: the region tree with level labels; administrators add sub-regions and rename. */
import { useMemo } from 'react';
import { Button, Form, Input, Skeleton, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { childLevelOf, regionLevelLabels, type RegionLevel } from '../../../../src/domain/region.ts';
import type { Region } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { FormModal, useModalState } from '../../shared/FormModal.tsx';
import { buildRegionTree, upperRegionCodes, type OrgLookup, type RegionNode } from '../../shared/org.ts';
import { invalidate } from '../../shared/resource.ts';
import type { OrgScope } from '../../shared/scope.ts';

const levelColors: Record<RegionLevel, string> = { province: 'red', city: 'volcano', county: 'gold', town: 'green', village: 'cyan' };

/** Digits a code has at each level (GB/T 2260 down to county, statistical codes below). */
const codeLength: Record<RegionLevel, number> = { province: 6, city: 6, county: 6, town: 9, village: 12 };

/** What a child's code starts with: 37 → 3709 → 370982 → 370982103 → … */
function codePrefix(parent: Region): string {
  if (parent.level === 'province') return parent.code.slice(0, 2);
  if (parent.level === 'city') return parent.code.slice(0, 4);
  return parent.code;
}

interface RegionForm {
  code: string;
  name: string;
}

export function RegionsTab({ lookup, scope }: { lookup: OrgLookup; scope: OrgScope }) {
  const { t, pick } = useI18n();
  const addModal = useModalState<{ parent: Region; level: RegionLevel }>();
  const renameModal = useModalState<Region>();

  const treeData = useMemo(() => {
    const toNode = (node: RegionNode): TreeDataNode => {
      const { region } = node;
      const childLevel = childLevelOf(region.level);
      const mine = scope.canChangeRegion(region);
      return {
        key: region.code,
        title: (
          <Space size={8} wrap>
            <Typography.Text strong={region.level !== 'village'}>{region.name}</Typography.Text>
            <Tag color={levelColors[region.level]}>{pick(regionLevelLabels[region.level])}</Tag>
            <Typography.Text type="secondary" copyable={{ text: region.code, tooltips: [t('common.copy'), t('common.copied')] }}>
              {region.code}
            </Typography.Text>
            {mine && childLevel ? (
              <Button
                size="small"
                type="link"
                icon={<PlusOutlined />}
                onClick={(event) => {
                  event.stopPropagation();
                  addModal.show({ parent: region, level: childLevel });
                }}
              >
                {t('region.addChild')}
              </Button>
            ) : null}
            {mine ? (
              <Button
                size="small"
                type="link"
                icon={<EditOutlined />}
                aria-label={`${t('region.rename')} ${region.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  renameModal.show(region);
                }}
              >
                {t('region.rename')}
              </Button>
            ) : null}
          </Space>
        ),
        children: node.children.map(toNode),
      };
    };
    return buildRegionTree(lookup.regions).map(toNode);
  }, [lookup.regions, scope, pick, t, addModal.show, renameModal.show]);

  const expanded = useMemo(() => upperRegionCodes(lookup.regions), [lookup.regions]);

  if (lookup.loading && lookup.regions.length === 0) return <Skeleton active paragraph={{ rows: 5 }} />;

  const adding = addModal.subject;
  const renaming = renameModal.subject;

  return (
    <>
      <Tree treeData={treeData} defaultExpandedKeys={expanded} key={expanded.join(',') /* expand the upper levels once the regions arrive */} selectable={false} blockNode showLine />

      <FormModal<RegionForm>
        open={addModal.open}
        title={adding ? t('region.addChildOf', { name: adding.parent.name, level: pick(regionLevelLabels[adding.level]) }) : ''}
        initialValues={adding ? { code: codePrefix(adding.parent), name: '' } : undefined}
        onClose={addModal.hide}
        onSubmit={async (values, action) => {
          if (!adding) return;
          await action.send('POST', '/api/regions', { code: values.code.trim(), name: values.name.trim(), parentCode: adding.parent.code });
          await invalidate('/api/regions');
        }}
      >
        {adding ? (
          <>
            <Form.Item
              name="code"
              label={t('region.code')}
              extra={t('region.codeHint', { digits: codeLength[adding.level], prefix: codePrefix(adding.parent) })}
              rules={[
                { required: true, message: t('region.codeRequired') },
                {
                  pattern: new RegExp(`^\\d{${codeLength[adding.level]}}$`),
                  message: t('region.codeDigits', { digits: codeLength[adding.level] }),
                },
              ]}
            >
              <Input inputMode="numeric" maxLength={codeLength[adding.level]} />
            </Form.Item>
            <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true, message: t('region.nameRequired') }, { max: 100 }]}>
              <Input />
            </Form.Item>
          </>
        ) : null}
      </FormModal>

      <FormModal<RegionForm>
        open={renameModal.open}
        title={renaming ? t('region.renameOf', { name: renaming.name }) : ''}
        initialValues={renaming ? { code: renaming.code, name: renaming.name } : undefined}
        onClose={renameModal.hide}
        onSubmit={async (values, action) => {
          if (!renaming) return;
          await action.send('PATCH', `/api/regions/${renaming.code}`, { name: values.name.trim() });
          await invalidate('/api/regions');
        }}
      >
        <Form.Item name="code" label={t('region.code')}>
          <Input disabled />
        </Form.Item>
        <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true, message: t('region.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}
