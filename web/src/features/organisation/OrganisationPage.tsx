/** 组织机构: regions, service centers, departments and windows, one tab each (the tab is in the URL). */
import { Card, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n.tsx';
import { useOrgLookup } from '../../shared/org.ts';
import { useOrgScope } from '../../shared/scope.ts';
import { LoadError } from '../../shared/states.tsx';
import { CentersTab } from './CentersTab.tsx';
import { DepartmentsTab } from './DepartmentsTab.tsx';
import { RegionsTab } from './RegionsTab.tsx';
import { WindowsTab } from './WindowsTab.tsx';

const tabs = ['regions', 'centers', 'departments', 'windows'] as const;
type Tab = (typeof tabs)[number];

function isTab(value: string | null): value is Tab {
  return (tabs as readonly (string | null)[]).includes(value);
}

export default function OrganisationPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const lookup = useOrgLookup();
  const scope = useOrgScope(lookup);
  const requested = params.get('tab');
  const active: Tab = isTab(requested) ? requested : 'regions';

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.organisation')}
      </Typography.Title>
      {lookup.error ? <LoadError error={lookup.error} onRetry={lookup.reload} /> : null}
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'regions' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'regions', label: t('org.tab.regions'), children: <RegionsTab lookup={lookup} scope={scope} /> },
          { key: 'centers', label: t('org.tab.centers'), children: <CentersTab lookup={lookup} scope={scope} /> },
          { key: 'departments', label: t('org.tab.departments'), children: <DepartmentsTab lookup={lookup} scope={scope} /> },
          { key: 'windows', label: t('org.tab.windows'), children: <WindowsTab lookup={lookup} scope={scope} /> },
        ]}
      />
    </Card>
  );
}
