/**
 * The people's points accounts of the chosen village (names masked, largest balance first); one opened
 * in a drawer shows its balances and its history with reasons, as the holder sees it on the phone.
 */
import { useEffect, useState } from 'react';
import { Descriptions, Drawer, Segmented, Table, Tag } from 'antd';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { historyAmount, historyText } from './plain.ts';
import type { AccountPage, AccountView, HistoryItem } from './types.ts';

type Ledger = 'resident' | 'grid_worker';

export function AccountsTab({ village }: { village?: string }) {
  const [ledger, setLedger] = useState<Ledger>('resident');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<AccountPage | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    if (!village) return;
    void api<AccountPage>(`/api/points/accounts?regionCode=${village}&ledger=${ledger}&limit=20&offset=${(page - 1) * 20}`).then(setRows, () => setRows(null));
  }, [village, ledger, page]);
  return (
    <div data-testid="accounts-tab">
      <Segmented value={ledger} onChange={(v) => { setLedger(v as Ledger); setPage(1); }} style={{ marginBottom: 12 }}
        options={[{ value: 'resident', label: t('pt_ledgerResident') }, { value: 'grid_worker', label: t('pt_ledgerGrid') }]} />
      <Table scroll={{ x: 'max-content' }} rowKey="id" size="small" dataSource={rows?.items ?? []} loading={!rows && !!village}
        pagination={{ current: page, pageSize: 20, total: rows?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('pt_holder'), dataIndex: 'name' },
          { title: t('pt_balance'), dataIndex: 'balance', align: 'right' },
          { title: t('pt_spendable'), dataIndex: 'available', align: 'right' },
          { title: t('pt_onNotice'), dataIndex: 'pendingIn', align: 'right', render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : '—') },
        ]} />
      <AccountDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function AccountDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const [data, setData] = useState<{ account: AccountView; history: { items: HistoryItem[]; total: number } } | null>(null);
  useEffect(() => {
    setData(null);
    if (id) void api<{ account: AccountView; history: { items: HistoryItem[]; total: number } }>(`/api/points/accounts/${id}?limit=100`).then(setData, () => undefined);
  }, [id]);
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={t('pt_accountHistory')} destroyOnHidden>
      {data && (
        <div data-testid="account-drawer">
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }} items={[
            { key: 'b', label: t('pt_balance'), children: data.account.balance },
            { key: 'a', label: t('pt_spendable'), children: data.account.available },
            { key: 'e', label: t('pt_earnedYear'), children: data.account.earnedThisYear },
            { key: 'p', label: t('pt_onNotice'), children: data.account.pendingIn },
          ]} />
          <Table scroll={{ x: 'max-content' }} rowKey="id" size="small" pagination={false} dataSource={data.history.items}
            columns={[
              { title: t('pt_when'), dataIndex: 'createdAt', width: 110, render: (v: string) => new Date(v).toLocaleDateString() },
              { title: t('pt_what'), render: (_: unknown, h: HistoryItem) => historyText(h, []) },
              { title: t('pt_change'), align: 'right', render: (_: unknown, h: HistoryItem) => { const a = historyAmount(h); return <span style={{ color: a.muted ? '#999' : undefined }}>{a.text}</span>; } },
              { title: t('pt_balance'), dataIndex: 'balanceAfter', align: 'right' },
            ]} />
        </div>
      )}
    </Drawer>
  );
}
