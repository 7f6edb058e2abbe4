import { useEffect, useState } from 'react';
import { Card, Table, Tag } from 'antd';
import { api, type Organisation, type RegionSummary } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import type { OrganisationKind } from '../../../../src/people/users.service.ts';

type Org = Organisation;

export function OrganisationsPage() {
  const [rows, setRows] = useState<Org[]>([]);
  const [regions, setRegions] = useState<RegionSummary[]>([]);
  useEffect(() => {
    void api<{ items: Org[] }>('/api/organisations').then((r) => setRows(r.items));
    void api<{ items: RegionSummary[] }>('/api/regions/tree?deepest=village').then((r) => setRegions(r.items));
  }, []);
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  return (
    <Card title={t('organisations')}>
      <Table<Org> rowKey="id" dataSource={rows} size="small" pagination={{ pageSize: 20 }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('orgKind'), dataIndex: 'kind', render: (k: OrganisationKind) => <Tag>{t(`org_${k}`)}</Tag>, filters: [...new Set(rows.map((r) => r.kind))].map((k) => ({ text: t(`org_${k as OrganisationKind}`), value: k })), onFilter: (v, r) => r.kind === v },
          { title: t('region'), dataIndex: 'regionCode', render: (c) => regionName(c) },
        ]} />
    </Card>
  );
}
