/**
 * 怎么挣积分 (the rules in force here, with their caps and the evidence they need) and 我要申报 (pick an
 * item, say what was done, photos, the position if wanted). The claim's id is a UUIDv7 made in the
 * browser and kept with the draft until the server has the claim: pressing 提交 again after a lost
 * answer, or after a reload, sends the same id, so the claim is made once.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import { api, type Me } from '../../shared/api.ts';
import type { CaseView } from '../../../../src/cases/cases.contract.ts';
import { useDraft } from '../../shared/draft.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { uploadPhoto, type Uploaded } from '../../shared/photos.ts';
import { capsText, fill, ruleName, signed } from './plain.ts';
import type { ClaimView, RuleLedger, RuleView, SettingsView } from './types.ts';
import { uuidv7 } from './uuidv7.ts';

function RuleItem({ r, rules }: { r: RuleView; rules: RuleView[] }) {
  return (
    <List.Item style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
      <div style={{ minWidth: 0 }}>
        <div style={{ fontWeight: 500 }}>{ruleName(r.key, rules)}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.trigger === 'claim' ? t('pt_byGroup') : t('pt_auto')}，{capsText(r)}
        </Typography.Text>
        <div>
          {r.needsPhoto && <Tag color="blue" style={{ marginTop: 4 }}>{t('pt_needsPhoto')}</Tag>}
          {r.needsGps && <Tag color="blue" style={{ marginTop: 4 }}>{t('pt_needsGps')}</Tag>}
        </div>
      </div>
      <span style={{ marginLeft: 8, fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', color: r.amount < 0 ? '#cf1322' : '#1d6f42' }}>{signed(r.amount)}</span>
    </List.Item>
  );
}

export function RulesList({ rules, settings, ledger = 'resident', onClaim }: { rules: RuleView[]; settings: SettingsView | null; ledger?: RuleLedger; onClaim?: () => void }) {
  // a resident earns on the residents' ledger, a grid worker on theirs: each is shown their own rules
  const ordered = rules.filter((r) => r.ledger === ledger).sort((a, b) => Number(a.trigger !== 'claim') - Number(b.trigger !== 'claim') || b.amount - a.amount);
  // one rule per case category (a report closed pays by its category): folded into one line with the range
  const general = ordered.filter((r) => r.categoryCode === null);
  const byCategory = ordered.filter((r) => r.categoryCode !== null);
  const amounts = byCategory.map((r) => r.amount);
  const range = amounts.length && Math.min(...amounts) !== Math.max(...amounts) ? `${signed(Math.min(...amounts))}～${signed(Math.max(...amounts))}` : signed(amounts[0] ?? 0);
  return (
    <Card size="small" title={t('pt_tabEarn')} data-testid="points-rules">
      {settings && <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{fill(t(ledger === 'grid_worker' ? 'pt_gridEarnHint' : 'pt_noticeDays'), { n: settings.noticeDays })}</Typography.Paragraph>}
      <List size="small" dataSource={general} locale={{ emptyText: t('pt_noRules') }} renderItem={(r) => <RuleItem r={r} rules={rules} />} />
      {byCategory.length > 0 && (
        <Collapse ghost size="small" data-testid="rules-by-category" items={[{
          key: 'category', label: <span data-testid="rules-by-category-label">{fill(t('pt_byCategoryLine'), { n: byCategory.length, range })}</span>,
          children: <List size="small" dataSource={byCategory} renderItem={(r) => <RuleItem r={r} rules={rules} />} />,
        }]} />
      )}
      {onClaim && <Button type="primary" block onClick={onClaim} data-testid="go-claim" style={{ marginTop: 8 }}>{t('pt_tabClaim')}</Button>}
    </Card>
  );
}

type Spot = { lat: number; lon: number };

export function ClaimForm({ me, rules, onDone }: { me: Me; rules: RuleView[]; onDone: () => void }) {
  const { message } = App.useApp();
  const key = `${me.id}.points-claim`;
  const [id, setId, clearId] = useDraft(`${key}.id`, uuidv7());
  const [ruleKey, setRuleKey, clearRule] = useDraft<string | undefined>(`${key}.rule`, undefined);
  const [note, setNote, clearNote] = useDraft(`${key}.note`, '');
  const [photos, setPhotos, clearPhotos] = useDraft<Uploaded[]>(`${key}.photos`, []);
  const [spot, setSpot, clearSpot] = useDraft<Spot | null>(`${key}.spot`, null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ClaimView | null>(null);
  const claimable = rules.filter((r) => r.trigger === 'claim' && r.ledger === 'resident');
  const rule = claimable.find((r) => r.key === ruleKey);
  // a rule that needs a closed case: the person's own closed reports (and cases they can see) to pick from
  const [caseId, setCaseId] = useState<string | undefined>(undefined);
  const [closedCases, setClosedCases] = useState<CaseView[]>([]);
  useEffect(() => {
    if (!rule?.needsCase) return;
    void api<{ items: CaseView[] }>('/api/cases?state=CLOSED&state=RATED&state=ARCHIVED&limit=50').then((r) => setClosedCases(r.items), () => setClosedCases([]));
  }, [rule?.needsCase]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setBusy(true);
    try {
      for (const f of [...files].slice(0, 6 - photos.length)) {
        const up = await uploadPhoto(f);
        setPhotos((ps) => [...ps, up]);
        if (up.gps) setSpot((s) => s ?? { lat: up.gps!.lat, lon: up.gps!.lon });
      }
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const locate = () => {
    if (!navigator.geolocation) return message.warning(t('pt_noGeolocation'));
    navigator.geolocation.getCurrentPosition((p) => setSpot({ lat: p.coords.latitude, lon: p.coords.longitude }), () => message.warning(t('pt_noGeolocation')), { enableHighAccuracy: true, timeout: 10_000 });
  };

  const submit = async () => {
    setError(null);
    if (!rule) return setError(t('pt_pickRule'));
    if (rule.needsPhoto && photos.length === 0) return setError(t('pt_needPhoto'));
    if (rule.needsGps && !spot) return setError(t('pt_needGps'));
    if (rule.needsCase && !caseId) return setError(t('pt_needCase'));
    setBusy(true);
    try {
      const r = await api<{ created: boolean; claim: ClaimView }>('/api/points/claims', {
        body: { id, ruleKey: rule.key, note: note.trim() || undefined, photos: photos.map((p) => p.id), ...(spot ?? {}), ...(rule.needsCase && caseId ? { caseId } : {}) },
      });
      [clearId, clearRule, clearNote, clearPhotos, clearSpot].forEach((c) => c());
      setDone(r.claim);
    } catch (e) {
      // the same id goes again with the next press: a claim that did reach the server is not made twice
      const code = (e as { code?: string }).code;
      // the id went with another claim (sent, then the form changed): what is on screen is a claim of its own
      if (code === 'POINTS_CLAIM_EXISTS') setId(uuidv7());
      setError(code && !code.startsWith('HTTP_') ? errorText(e) : `${errorText(e)}。${t('pt_retryHint')}`);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Result status="success" title={t('pt_submitted')} subTitle={`${ruleName(done.rule.key, rules)} ${signed(done.amount)}`} data-testid="claim-done"
        extra={<Space wrap style={{ justifyContent: 'center' }}>
          <Button type="primary" onClick={onDone} data-testid="to-my-claims">{t('pt_tabMine')}</Button>
          <Button onClick={() => { setId(uuidv7()); setDone(null); }}>{t('pt_again')}</Button>
        </Space>} />
    );
  }
  return (
    <Card size="small" title={t('pt_tabClaim')} data-testid="claim-form">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <div>
          <Typography.Text strong>{t('pt_claimRule')}</Typography.Text>
          <Select placeholder={t('pt_pickRule')} style={{ width: '100%', marginTop: 4 }} value={ruleKey} onChange={setRuleKey} data-testid="claim-rule"
            options={claimable.map((r) => ({ value: r.key, label: `${ruleName(r.key, rules)}（${signed(r.amount)}）` }))} />
          {rule && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="claim-rule-hint">
              {capsText(rule)}{rule.needsPhoto ? `，${t('pt_needsPhoto')}` : ''}{rule.needsGps ? `，${t('pt_needsGps')}` : ''}
            </Typography.Text>
          )}
        </div>
        {rule?.needsCase && (
          <div>
            <Typography.Text strong>{t('pt_claimCase')}</Typography.Text>
            <Select placeholder={t('pt_pickCase')} style={{ width: '100%', marginTop: 4 }} value={caseId} onChange={setCaseId} data-testid="claim-case"
              notFoundContent={t('pt_noClosedCase')} options={closedCases.map((c) => ({ value: c.id, label: `${c.no} ${c.title}` }))} />
          </div>
        )}
        <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('pt_claimNote')} data-testid="claim-note" />
        <div>
          <Typography.Text strong>{t('pt_claimPhotos')}</Typography.Text>
          <Space wrap style={{ marginTop: 4 }}>
            {photos.map((p) => <img key={p.id} src={p.thumbUrl} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }} />)}
            {photos.length < 6 && (
              <label style={{ width: 72, height: 72, border: '1px dashed #aaa', borderRadius: 6, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', cursor: 'pointer', color: '#555', fontSize: 13, textAlign: 'center' }}>
                {t('pt_addPhoto')}
                <input type="file" accept="image/*" capture="environment" multiple hidden data-testid="claim-photo-input" onChange={(e) => void addPhotos(e.target.files)} />
              </label>
            )}
          </Space>
        </div>
        <div data-testid="claim-location">
          {spot
            ? <Space wrap><Tag color="green">{t('pt_locationAdded')} · {spot.lat.toFixed(5)}, {spot.lon.toFixed(5)}</Tag><Button size="small" onClick={() => setSpot(null)}>{t('pt_removeLocation')}</Button></Space>
            : <Button onClick={locate}>{t('pt_addLocation')}</Button>}
        </div>
        {error && <Alert type="error" showIcon title={error} data-testid="claim-error" />}
        <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="claim-submit">{t('pt_submit')}</Button>
      </Space>
    </Card>
  );
}
