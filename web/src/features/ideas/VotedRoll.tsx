/**
 * 已投名单 in the console's poll: who already voted on the phone, for the clerks to cross off before
 * handing out paper ballots at the meeting (one vote each). Shown in a dialog and printed as a plain
 * sheet with a box to tick per line; it never says what anyone chose (the server keeps no link).
 */
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { VotedRoll as Roll } from '../../../../src/ideas/ideas.contract.ts';
import { api } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useFail } from '../../shared/useFail.ts';
import { chinaTime, fill } from './words.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A sheet of its own, so that the console's menus and buttons are not printed with it. */
function printRoll(roll: Roll) {
  const w = window.open('', '_blank');
  if (!w) return;
  const household = roll.voterMode === 'household';
  const rows = roll.items.map((r, i) => `<tr><td>${i + 1}</td><td>${escape(r.name)}</td><td>${escape(r.phone ?? '')}</td>${household ? `<td>${escape(r.household ? `${r.household.name} ${r.household.address}` : t('ideas_rollAlone'))}</td>` : ''}<td class="tick">☐</td></tr>`).join('');
  w.document.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(t('ideas_roll'))} · ${escape(roll.question)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#000}h1{font-size:20px;margin:0 0 4px}p{margin:2px 0 10px;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #333;padding:5px 8px;text-align:left}.tick{width:44px;text-align:center;font-size:18px}
@media print{body{margin:10mm}}</style></head><body>
<h1>${escape(t('ideas_roll'))}：${escape(roll.question)}</h1>
<p>${escape(roll.regionName)} · ${escape(fill('ideas_rollCount', { n: roll.items.length }))} · ${escape(fill('ideas_rollAt', { time: chinaTime(roll.generatedAt) }))}</p>
<p>${escape(t('ideas_rollHint'))}</p>
<table data-testid="roll-sheet"><thead><tr><th>#</th><th>${escape(t('ideas_rollName'))}</th><th>${escape(t('ideas_rollPhone'))}</th>${household ? `<th>${escape(t('ideas_rollHousehold'))}</th>` : ''}<th>${escape(t('ideas_rollTick'))}</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`);
  w.document.close();
  w.focus();
  w.print();
}

export function VotedRollButton({ pollId }: { pollId: string }) {
  const fail = useFail();
  const [roll, setRoll] = useState<Roll | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try { setRoll(await api<Roll>(`/api/polls/${pollId}/voted-roll`)); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  return (
    <>
      <Button size="small" loading={busy} onClick={() => void open()} data-testid="poll-roll">{t('ideas_roll')}</Button>
      <Modal open={!!roll} onCancel={() => setRoll(null)} title={roll ? `${t('ideas_roll')}：${roll.question}` : ''} width={720} data-testid="poll-roll-modal"
        footer={roll && (
          <Space wrap>
            <Button onClick={() => setRoll(null)}>{t('ideas_back')}</Button>
            <Button type="primary" onClick={() => printRoll(roll)} data-testid="poll-roll-print">{t('ideas_rollPrint')}</Button>
          </Space>
        )}>
        {roll && (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('ideas_rollHint')} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {roll.regionName} · {fill('ideas_rollCount', { n: roll.items.length })} · {fill('ideas_rollAt', { time: chinaTime(roll.generatedAt) })}
            </Typography.Paragraph>
            <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={roll.items} scroll={{ x: 'max-content', y: 360 }} data-testid="poll-roll-table" columns={[
              { title: '#', width: 48, render: (_v, _r, i) => i + 1 },
              { title: t('ideas_rollName'), dataIndex: 'name' },
              { title: t('ideas_rollPhone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
              ...(roll.voterMode === 'household' ? [{ title: t('ideas_rollHousehold'), render: (_v: unknown, r: Roll['items'][number]) => (r.household ? `${r.household.name} ${r.household.address}` : t('ideas_rollAlone')) }] : []),
            ]} />
          </>
        )}
      </Modal>
    </>
  );
}
