/**
 * A visit log opens a case in one tap (孔奶奶 is unwell → a case for the grid worker, who sends the family
 * doctor): 「转为事件」 on a log without one, asked once in plain words; then the log shows the case's
 * number, and a tap opens the case where this user reads cases (the queue, my tasks, or my reports).
 * The server answers the same case to a second tap, so a double tap or a retry opens one case.
 */
import { useEffect, useState } from 'react';
import { App, Button, Popconfirm, Tag } from 'antd';
import type { LogCase } from '../../../../src/partywork/partywork.contract.ts';
import { api } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { caseHref, useMe } from '../../shared/me.ts';
import { navigate } from '../../shared/router.ts';
import { useSubmit } from '../points/useSubmit.ts';
import type { LogView } from './plain.ts';

/** The case's number is not on the log: asked once per case and kept while the page lives. */
const numbers = new Map<string, string>();

/** `grid`: the grid worker taps it in her review card — the case is then hers to follow, and the words say so. */
export function LogCaseAction({ log, grid = false, onOpened }: { log: LogView; grid?: boolean; onOpened?: (c: LogCase) => void }) {
  const { message } = App.useApp();
  const { busy, run } = useSubmit();
  const [caseId, setCaseId] = useState(log.caseId);
  useEffect(() => setCaseId(log.caseId), [log.caseId]);
  if (caseId) return <CaseLink caseId={caseId} />;
  const open = async () => {
    let answer: LogCase | null = null;
    if (!(await run(async () => { answer = await api<LogCase>(`/api/partywork/logs/${log.id}/case`, { method: 'POST', body: {} }); }, (e) => void message.error(e)))) return;
    const a: LogCase = answer!;
    numbers.set(a.caseId, a.caseNo);
    message.success(tf(a.assigneeId ? 'pw_caseOpenedGrid' : 'pw_caseOpenedRoom', { no: a.caseNo }));
    setCaseId(a.caseId);
    onOpened?.(a);
  };
  return (
    <Popconfirm title={t(grid ? 'pw_toCaseAskGrid' : 'pw_toCaseAsk')} description={<div style={{ maxWidth: 260 }}>{t(grid ? 'pw_toCaseHintGrid' : 'pw_toCaseHint')}</div>} okText={t('pw_toCaseOk')} cancelText={t('pw_cancel')} onConfirm={open}>
      <Button size={grid ? 'middle' : 'small'} loading={busy} data-testid="pw-to-case">{t('pw_toCase')}</Button>
    </Popconfirm>
  );
}

function CaseLink({ caseId }: { caseId: string }) {
  const { features } = useMe();
  const [no, setNo] = useState(numbers.get(caseId));
  useEffect(() => {
    if (no) return;
    let live = true;
    void api<{ no: string }>(`/api/cases/${caseId}`).then((c) => { numbers.set(caseId, c.no); if (live) setNo(c.no); }, () => undefined);
    return () => { live = false; };
  }, [caseId, no]);
  return (
    <Tag color="blue" style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => navigate(caseHref(features, caseId))} data-testid="pw-log-case">
      {no ? tf('pw_caseNo', { no }) : t('pw_caseOpened')} ›
    </Tag>
  );
}
