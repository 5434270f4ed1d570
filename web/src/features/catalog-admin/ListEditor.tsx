/**
 * A table editor for one list of an item's content (materials, steps, fees…), used as the control
 * of a Form.Item: it takes `value` and calls `onChange` with a new array. Rows are added and
 * edited in a modal with their own form; nothing goes to the server until the item is saved.
 */
import { useState, type ReactNode } from 'react';
import { Button, Form, Input, Modal, Popconfirm, Space, Table, Tooltip, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n.tsx';

export interface ListColumn<T> {
  title: string;
  width?: number;
  render(row: T, index: number): ReactNode;
}

export interface ListEditorProps<T extends object> {
  id?: string;
  value?: T[];
  onChange?: (rows: T[]) => void;
  readOnly?: boolean;
  columns: ListColumn<T>[];
  /** What a row is called in buttons and titles ("最低生活保障申请书"). */
  rowName(row: T, index: number): string;
  addText: string;
  /** Modal title; `null` when adding. */
  editTitle(row: T | null): string;
  blank(): T;
  /** The modal's fields; `rows` are the other rows (to check a key is not taken). */
  fields(form: FormInstance<T>, context: { editing: number | null; rows: T[] }): ReactNode;
  /** Tidies what the modal gave before it becomes a row (drop parts that no longer apply). */
  toRow?(values: T): T;
  orderable?: boolean;
  modalWidth?: number;
  /** Rows the server found a problem in, highlighted. */
  problemRows?: ReadonlySet<number>;
  /** Shown under the table (e.g. the sum of the steps' days). */
  summary?: ReactNode;
  emptyText?: string;
}

interface Shown<T> {
  row: T;
  index: number;
}

export function ListEditor<T extends object>(props: ListEditorProps<T>) {
  const { id, value, onChange, readOnly, columns, rowName, addText, editTitle, blank, fields, toRow, orderable, modalWidth, problemRows, summary, emptyText } = props;
  const { t } = useI18n();
  const rows = value ?? [];
  const [editing, setEditing] = useState<{ index: number | null; row: T } | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<T>();

  const change = (next: T[]) => onChange?.(next);
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [taken] = next.splice(index, 1);
    if (taken === undefined) return;
    next.splice(index + by, 0, taken);
    change(next);
  };
  const show = (index: number | null) => {
    setEditing({ index, row: index === null ? blank() : rows[index]! });
    setOpen(true);
  };
  const finish = async () => {
    if (!editing) return;
    const values = await form.validateFields();
    const merged = { ...editing.row, ...values } as T;
    const row = toRow ? toRow(merged) : merged;
    change(editing.index === null ? [...rows, row] : rows.map((r, i) => (i === editing.index ? row : r)));
    setOpen(false);
  };

  const tableColumns: TableColumnsType<Shown<T>> = [
    { title: '#', key: 'no', width: 48, render: (_, shown) => shown.index + 1 },
    ...columns.map((column, n) => ({ title: column.title, key: `c${n}`, width: column.width, render: (_: unknown, shown: Shown<T>) => column.render(shown.row, shown.index) })),
  ];
  if (!readOnly) {
    tableColumns.push({
      title: t('common.actions'),
      key: 'actions',
      width: orderable ? 150 : 96,
      render: (_, { row, index }) => {
        const name = rowName(row, index);
        return (
          <Space size={0}>
            {orderable ? (
              <>
                <Tooltip title={t('catalogAdmin.list.up')}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} aria-label={`${t('catalogAdmin.list.up')} ${name}`} onClick={() => move(index, -1)} />
                </Tooltip>
                <Tooltip title={t('catalogAdmin.list.down')}>
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === rows.length - 1} aria-label={`${t('catalogAdmin.list.down')} ${name}`} onClick={() => move(index, 1)} />
                </Tooltip>
              </>
            ) : null}
            <Tooltip title={t('common.edit')}>
              <Button type="text" size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${name}`} onClick={() => show(index)} />
            </Tooltip>
            <Popconfirm title={t('catalogAdmin.list.removeConfirm', { name })} okText={t('catalogAdmin.list.remove')} cancelText={t('common.cancel')} onConfirm={() => change(rows.filter((_, i) => i !== index))}>
              <Tooltip title={t('catalogAdmin.list.remove')}>
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('catalogAdmin.list.remove')} ${name}`} />
              </Tooltip>
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  return (
    <div id={id}>
      <Table<Shown<T>>
        rowKey="index"
        size="small"
        columns={tableColumns}
        dataSource={rows.map((row, index) => ({ row, index }))}
        pagination={false}
        scroll={{ x: 640 }}
        onRow={(shown) => (problemRows?.has(shown.index) ? { style: { background: '#fff1f0' } } : {})}
        locale={{ emptyText: emptyText ?? t('catalogAdmin.list.empty') }}
      />
      <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        {readOnly ? (
          <span />
        ) : (
          <Button icon={<PlusOutlined />} onClick={() => show(null)}>
            {addText}
          </Button>
        )}
        {summary ? <Typography.Text type="secondary">{summary}</Typography.Text> : null}
      </Space>

      <Modal
        open={open}
        title={editing ? editTitle(editing.index === null ? null : editing.row) : ''}
        width={modalWidth ?? 640}
        okText={t('catalogAdmin.ok')}
        cancelText={t('common.cancel')}
        onOk={() => void finish().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        mask={{ closable: false }}
      >
        {editing ? (
          <Form<T> form={form} name="row" layout="vertical" initialValues={editing.row as never} preserve={false} onFinish={() => void finish().catch(() => undefined)}>
            {fields(form, { editing: editing.index, rows: rows.filter((_, i) => i !== editing.index) })}
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Form>
        ) : null}
      </Modal>
    </div>
  );
}

const keyPattern = /^[a-z0-9_]{1,64}$/;

/**
 * The stable key of a material or form field (the same key in two items of a bundle is asked once):
 * lower-case, and unique among the other rows of this list.
 */
export function KeyField({ rows, label, hint }: { rows: readonly { key: string }[]; label: string; hint: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="key"
      label={label}
      extra={hint}
      rules={[
        { required: true, message: t('catalogAdmin.keyRequired') },
        { pattern: keyPattern, message: t('catalogAdmin.keyPattern') },
        {
          validator: async (_, key: string) => {
            if (rows.some((r) => r.key === key)) throw new Error(t('catalogAdmin.keyTaken', { key }));
          },
        },
      ]}
    >
      <Input style={{ fontFamily: 'monospace' }} />
    </Form.Item>
  );
}
