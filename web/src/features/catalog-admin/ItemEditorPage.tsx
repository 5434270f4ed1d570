/**
 * 事项编辑: one item's content, edited as a draft and published as a new version. Published
 * versions never change: saving opens (or rewrites) the draft of the next version, publishing makes
 * it the one the public sees, and cases already accepted keep the version they were accepted under.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, DeleteOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import type { ServiceItemContent } from '../../../../src/domain/catalog.ts';
import { api, isApiError, type ItemVersion, type ItemVersionInfo, type ItemVersionStatus } from '../../api.ts';
import { paths } from '../../app/paths.ts';
import { useI18n } from '../../i18n.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { invalidate, useAction } from '../../shared/resource.ts';
import { PublicationPanel } from '../publicity/PublicationPanel.tsx';
import { LoadError } from '../../shared/states.tsx';
import { blankItem, fieldIssues, isListField, tabOf, type EditorTab, type FieldIssue } from './content.ts';
import { ItemContentForm } from './ItemContentForm.tsx';

interface Loaded {
  draft: ItemVersion | null;
  published: ItemVersion | null;
  versions: ItemVersionInfo[];
}

/** A 404 means "there is none", not a failure. */
async function orNone<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

const statusColor: Record<ItemVersionStatus, string> = { draft: 'processing', published: 'success', superseded: 'default' };

export default function ItemEditorPage() {
  const { code = 'new' } = useParams();
  const isNew = code === 'new';
  const { t, locale, errorText, formatDateTime } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { departments } = useOrgLookup();
  const [form] = Form.useForm<ServiceItemContent>();
  const saveAction = useAction();
  const publishAction = useAction();
  const discardAction = useAction();

  const [loaded, setLoaded] = useState<Loaded | null>(isNew ? { draft: null, published: null, versions: [] } : null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [tab, setTab] = useState<EditorTab>('basic');
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'save' | 'publish' | 'discard' | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [viewing, setViewing] = useState<number | null>(null);

  const load = useCallback(async () => {
    if (isNew) return;
    setLoadError(null);
    try {
      const [draft, published, versions] = await Promise.all([orNone(api.get<ItemVersion>(`/api/items/${code}/draft`)), orNone(api.get<ItemVersion>(`/api/items/${code}`)), api.get<ItemVersionInfo[]>(`/api/items/${code}/versions`)]);
      setLoaded({ draft, published, versions });
    } catch (error) {
      setLoadError(error);
    }
  }, [code, isNew]);

  useEffect(() => {
    setLoaded(isNew ? { draft: null, published: null, versions: [] } : null);
    void load();
  }, [load, isNew]);

  const content = useMemo(() => (loaded ? (loaded.draft?.content ?? loaded.published?.content ?? blankItem()) : null), [loaded]);

  // A new answer from the server replaces what the form holds (initialValues only apply on mount).
  useEffect(() => {
    if (!content) return;
    form.resetFields();
    setDirty(false);
    setIssues([]);
  }, [content, form]);

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const departmentNames = useMemo(() => [...new Set(departments.map((d) => d.name))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [departments]);

  if (loadError)
    return (
      <Card>
        <LoadError error={loadError} onRetry={() => void load()} />
      </Card>
    );
  if (!loaded || !content)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  if (!isNew && !loaded.draft && !loaded.published) {
    return (
      <Card>
        <Result status="404" title={t('catalogAdmin.editor.notFound', { code })} extra={<Button onClick={() => navigate(paths.items)}>{t('catalogAdmin.editor.backToList')}</Button>} />
      </Card>
    );
  }

  const { draft, published, versions } = loaded;

  const showProblems = (list: FieldIssue[]) => {
    setIssues(list);
    const byField = new Map<string, string[]>();
    for (const issue of list) {
      const rows = issue.row !== null ? (form.getFieldValue(issue.field as never) as { name?: string; label?: string; question?: string }[] | undefined) : undefined;
      const row = issue.row !== null ? rows?.[issue.row] : undefined;
      const where = issue.row !== null ? t('catalogAdmin.editor.rowRef', { n: issue.row + 1, name: row?.name ?? row?.label ?? row?.question ?? '' }) : '';
      byField.set(issue.field, [...(byField.get(issue.field) ?? []), `${where}${issue.text}`]);
    }
    const known = new Set(Object.keys(form.getFieldsValue(true) as object));
    form.setFields([...byField].filter(([field]) => known.has(field)).map(([field, errors]) => ({ name: field as never, errors })));
    const first = list[0];
    if (first) setTab(tabOf(first.field));
  };

  const save = async () => {
    setSaveError(null);
    setIssues([]);
    try {
      await form.validateFields();
    } catch (failure) {
      const fields = (failure as { errorFields?: { name: (string | number)[] }[] }).errorFields ?? [];
      const first = fields[0]?.name[0];
      if (first !== undefined) setTab(tabOf(String(first)));
      void message.error(t('catalogAdmin.editor.fixFirst'));
      return;
    }
    const values = form.getFieldsValue(true) as ServiceItemContent;
    const target = isNew ? values.implementationCode.trim() : code;
    const body: ServiceItemContent = { ...values, implementationCode: target };
    setBusy('save');
    try {
      const saved = await saveAction.send<ItemVersion>('PUT', `/api/items/${target}/draft`, body);
      void message.success(t('catalogAdmin.editor.saved', { version: saved.version }));
      void invalidate('/api/admin/items');
      if (isNew) navigate(`${paths.items}/${target}`, { replace: true });
      else await load();
    } catch (error) {
      setSaveError(error);
      if (isApiError(error)) showProblems(fieldIssues(error.details, locale));
    } finally {
      setBusy(null);
    }
  };

  const publish = () => {
    if (!draft) return;
    modal.confirm({
      title: t('catalogAdmin.editor.publishTitle', { version: draft.version }),
      content: t('catalogAdmin.editor.publishConfirm'),
      okText: t('catalogAdmin.editor.publishOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy('publish');
        setSaveError(null);
        try {
          const done = await publishAction.send<ItemVersion>('POST', `/api/items/${code}/publish`);
          void message.success(t('catalogAdmin.editor.published', { version: done.version }));
          void invalidate('/api/admin/items');
          await load();
        } catch (error) {
          setSaveError(error);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const discard = () => {
    if (!draft) return;
    modal.confirm({
      title: t('catalogAdmin.editor.discardTitle', { version: draft.version }),
      content: published ? t('catalogAdmin.editor.discardConfirm', { version: published.version }) : t('catalogAdmin.editor.discardConfirmNew'),
      okText: t('catalogAdmin.editor.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy('discard');
        setSaveError(null);
        try {
          await discardAction.send('DELETE', `/api/items/${code}/draft`);
          void message.success(t('catalogAdmin.editor.discarded'));
          void invalidate('/api/admin/items');
          if (published) await load();
          else navigate(paths.items);
        } catch (error) {
          setSaveError(error);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const banner = isNew ? (
    <Alert type="info" showIcon title={t('catalogAdmin.editor.bannerNew')} data-testid="item-status" />
  ) : draft ? (
    <Alert
      type="warning"
      showIcon
      data-testid="item-status"
      title={t('catalogAdmin.editor.bannerDraft', { version: draft.version })}
      description={published ? t('catalogAdmin.editor.bannerDraftPublic', { version: published.version }) : t('catalogAdmin.editor.bannerNeverPublished')}
    />
  ) : (
    <Alert
      type="success"
      showIcon
      data-testid="item-status"
      title={t('catalogAdmin.editor.bannerPublished', { version: published!.version })}
      description={t('catalogAdmin.editor.bannerPublishedNext', { version: published!.version + 1 })}
    />
  );

  const nonFieldError = saveError && (!isApiError(saveError) || fieldIssues(saveError.details, locale).length === 0);

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap align="start">
        <div>
          <Link to={paths.items}>
            <ArrowLeftOutlined /> {t('catalogAdmin.editor.backToList')}
          </Link>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {isNew ? t('catalogAdmin.items.create') : content.name}
            {!isNew ? (
              <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginInlineStart: 12 }} copyable={{ text: code, tooltips: [t('common.copy'), t('common.copied')] }}>
                {code}
              </Typography.Text>
            ) : null}
          </Typography.Title>
        </div>
        <Space wrap>
          {dirty ? <Tag color="orange">{t('catalogAdmin.editor.unsaved')}</Tag> : null}
          <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null && busy !== 'save'} onClick={() => void save()}>
            {t('catalogAdmin.editor.save')}
          </Button>
          {!isNew ? (
            <Tooltip title={!draft ? t('catalogAdmin.editor.publishNoDraft') : dirty ? t('catalogAdmin.editor.publishSaveFirst') : undefined}>
              <Button icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={!draft || dirty || (busy !== null && busy !== 'publish')} onClick={publish}>
                {t('catalogAdmin.editor.publish')}
              </Button>
            </Tooltip>
          ) : null}
          {draft ? (
            <Button danger icon={<DeleteOutlined />} loading={busy === 'discard'} disabled={busy !== null && busy !== 'discard'} onClick={discard}>
              {t('catalogAdmin.editor.discard')}
            </Button>
          ) : null}
          {published ? (
            <Button icon={<EyeOutlined />} href={`/guide/items/${code}`} target="_blank" rel="noopener">
              {t('catalogAdmin.editor.publicPage')}
            </Button>
          ) : null}
        </Space>
      </Space>

      <div style={{ marginBottom: 16 }}>{banner}</div>

      {nonFieldError ? <Alert type="error" showIcon title={errorText(saveError)} style={{ marginBottom: 16 }} role="alert" /> : null}
      {issues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('catalogAdmin.editor.problems', { count: issues.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {issues.map((issue, index) => (
                <li key={index}>
                  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setTab(tabOf(issue.field))}>
                    {t(`catalogAdmin.tab.${tabOf(issue.field)}`)}
                    {isListField(issue.field) && issue.row !== null ? ` · ${t('catalogAdmin.editor.rowNo', { n: issue.row + 1 })}` : ''}
                  </Button>
                  {':'}
                  {issue.text}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}

      <div
        data-testid="versions-panel"
        role="group"
        aria-label={t('catalogAdmin.versions.title')}
        style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '8px 12px', marginBottom: 8, border: '1px solid #e8ecf2', borderRadius: 6, background: '#fafbfd' }}
      >
        <Typography.Text strong style={{ marginInlineEnd: 4 }}>
          {t('catalogAdmin.versions.title')}
        </Typography.Text>
        {versions.length === 0 ? (
          <Typography.Text type="secondary">{t('catalogAdmin.versions.none')}</Typography.Text>
        ) : (
          [...versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <Tooltip key={v.version} title={v.publishedAt ? t('catalogAdmin.versions.publishedAt', { at: formatDateTime(v.publishedAt) }) : t('catalogAdmin.versions.savedAt', { at: formatDateTime(v.createdAt) })}>
                <Button size="small" onClick={() => setViewing(v.version)} aria-label={`${t('catalogAdmin.versions.number', { version: v.version })} ${t(`catalogAdmin.versions.status.${v.status}`)}`}>
                  {t('catalogAdmin.versions.number', { version: v.version })}
                  <Tag color={statusColor[v.status]} style={{ marginInlineEnd: 0 }}>
                    {t(`catalogAdmin.versions.status.${v.status}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(v.publishedAt ?? v.createdAt).slice(0, 10)}
                  </Typography.Text>
                </Button>
              </Tooltip>
            ))
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 'auto' }}>
          {t('catalogAdmin.versions.hint')}
        </Typography.Text>
      </div>

      {published ? <PublicationPanel code={code} /> : null}

      <ItemContentForm form={form} initialValues={content} isNew={isNew} activeTab={tab} onTabChange={setTab} onValuesChange={() => setDirty(true)} departmentNames={departmentNames} issues={issues} />

      <VersionDrawer code={code} version={viewing} departmentNames={departmentNames} onClose={() => setViewing(null)} />
    </Card>
  );
}

/** One version, read-only, in the same tabs as the editor. */
function VersionDrawer({ code, version, departmentNames, onClose }: { code: string; version: number | null; departmentNames: string[]; onClose(): void }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<ItemVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<EditorTab>('basic');
  const [form] = Form.useForm<ServiceItemContent>();

  useEffect(() => {
    if (version === null) return;
    let current = true;
    setShown(null);
    setError(null);
    api.get<ItemVersion>(`/api/items/${code}/versions/${version}`).then(
      (v) => current && setShown(v),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [code, version]);

  return (
    <Drawer
      open={version !== null}
      onClose={onClose}
      size={1000}
      destroyOnHidden
      title={version === null ? '' : shown ? `${t('catalogAdmin.versions.number', { version })} · ${t(`catalogAdmin.versions.status.${shown.status}`)} · ${t('common.readOnly')}` : t('catalogAdmin.versions.number', { version })}
    >
      {error ? <LoadError error={error} /> : null}
      {shown ? (
        <ItemContentForm key={shown.version} form={form} formName="version" initialValues={shown.content} readOnly activeTab={tab} onTabChange={setTab} departmentNames={departmentNames} />
      ) : error ? null : (
        <Skeleton active paragraph={{ rows: 8 }} />
      )}
    </Drawer>
  );
}
