import { Card, Table, Tag } from 'antd';
import type { Organisation, RegionSummary } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { tableState } from '../../shared/Loading.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { OrganisationKind } from '../../../../src/people/users.service.ts';

type Org = Organisation;

export function OrganisationsPage() {
  const orgs = useApi<{ items: Org[] }>('/api/organisations');
  const regions = useApi<{ items: RegionSummary[] }>('/api/regions/tree?deepest=village');
  const rows = orgs.data?.items ?? [];
  const regionName = (code: string) => regions.data?.items.find((r) => r.code === code)?.name ?? code;
  return (
    <Card title={t('organisations')}>
      <Table<Org> scroll={{ x: 'max-content' }} rowKey="id" dataSource={orgs.data?.items} size="small" {...tableState(orgs, t('noOrganisations'))} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('orgKind'), dataIndex: 'kind', render: (k: OrganisationKind) => <Tag>{t(`org_${k}`)}</Tag>, filters: [...new Set(rows.map((r) => r.kind))].map((k) => ({ text: t(`org_${k as OrganisationKind}`), value: k })), onFilter: (v, r) => r.kind === v },
          { title: t('region'), dataIndex: 'regionCode', render: (c) => regionName(c) },
        ]} />
    </Card>
  );
}
