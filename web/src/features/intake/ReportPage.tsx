/**
 * 随手拍 and 咨询 on the phone: photos (shrunk in the browser), where (the phone's position, a photo's
 * own position, a village from the list, then the pin dragged to the spot, or a tap on the map), what (category with search), and the
 * open cases of the same kind nearby, which the user may join ("me too") instead of reporting again.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import { api, ApiError, type Me } from '../../shared/api.ts';
import { useDraft } from '../../shared/draft.ts';
import { errorText } from '../../shared/errors.ts';
import { getLang, t } from '../../shared/i18n.ts';
import { uploadPhoto, type Uploaded } from '../../shared/photos.ts';
import { PinMap } from '../../shared/map/PinMap.tsx';
import type { Place as PlaceView } from '../../../../src/regions/regions.contract.ts';
import type { CaseView, Category, NearbyCase } from '../../../../src/cases/cases.contract.ts';

type Place = PlaceView;
type Nearby = NearbyCase;
type Where = { lon: number; lat: number; how: 'gps' | 'photo' | 'village' | 'map' };

const QUESTION = '1501';

export function ReportPage({ me, mode, onDone }: { me: Me; mode: 'problem' | 'question'; onDone: () => void }) {
  const { message } = App.useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  const [places, setPlaces] = useState<Place[]>([]);
  // a half-filled form survives a reload (drafts per user and form, cleared once sent)
  const draftKey = `${me.id}.${mode}`;
  const [category, setCategory, clearCategory] = useDraft<string | undefined>(`${draftKey}.category`, mode === 'question' ? QUESTION : undefined);
  const [where, setWhere, clearWhere] = useDraft<Where | null>(`${draftKey}.where`, null);
  const [photos, setPhotos, clearPhotos] = useDraft<Uploaded[]>(`${draftKey}.photos`, []);
  const [text, setText, clearText] = useDraft(`${draftKey}.text`, '');
  // a question goes to a village or township (no location needed): the resident's own village by default
  const homeVillage = me.memberships.find((m) => m.role === 'resident')?.regionCode ?? me.homeRegionCode ?? undefined;
  const [askTo, setAskTo, clearAskTo] = useDraft<string | undefined>(`${draftKey}.askTo`, homeVillage);
  const [mine, setMine] = useState<Set<string>>(new Set());
  const [nearby, setNearby] = useState<Nearby[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ no: string; joined?: boolean } | null>(null);
  const clientKey = useMemo(() => crypto.randomUUID(), []);
  const source = me.kind === 'tourist' ? 'tourist' : 'resident';

  useEffect(() => {
    void api<{ items: Category[] }>('/api/case-categories').then((r) => setCategories(r.items.filter((k) => k.sources.includes(source) && k.code !== QUESTION)));
    void api<{ items: Place[] }>('/api/places').then((r) => setPlaces(r.items));
    // my own open reports are not offered back to me as "me too"
    void api<{ items: CaseView[] }>('/api/cases?limit=100').then((r) => setMine(new Set(r.items.filter((c) => c.reporterId === me.id).map((c) => c.id))), () => undefined);
  }, [source, me.id]);
  const townships = useMemo(() => [...new Map(places.map((p) => [`${p.code.slice(0, 9)}000`, p.township])).entries()].filter(([, name]) => name), [places]);

  // open cases of the same kind nearby (not for questions)
  useEffect(() => {
    if (mode === 'question' || !category || !where) return setNearby([]);
    void api<{ items: Nearby[] }>(`/api/cases/nearby?lon=${where.lon}&lat=${where.lat}&category=${category}`).then((r) => setNearby(r.items.filter((n) => !mine.has(n.id))), () => setNearby([]));
  }, [mode, category, where, mine]);

  const locate = () => {
    if (!navigator.geolocation) return message.warning(t('noGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => setWhere({ lon: p.coords.longitude, lat: p.coords.latitude, how: 'gps' }), // the browser gives WGS-84
      () => message.warning(t('noGeolocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setBusy(true);
    try {
      for (const f of [...files].slice(0, 9 - photos.length)) {
        const up = await uploadPhoto(f);
        setPhotos((ps) => [...ps, up]);
        if (up.gps) setWhere((w) => w ?? { lon: up.gps!.lon, lat: up.gps!.lat, how: 'photo' });
      }
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const clearAll = () => {
    clearText();
    clearCategory();
    clearWhere();
    clearPhotos();
    clearAskTo();
  };

  const joinCase = async (n: Nearby) => {
    try {
      // the server checks that the report in progress is near the case and of its category
      await api(`/api/cases/${n.id}/me-too`, { body: { lon: where!.lon, lat: where!.lat, crs: 'wgs84', categoryCode: category } });
      clearAll();
      setDone({ no: n.no, joined: true });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const submit = async () => {
    setError(null);
    if (!category) return setError(t('pickCategory'));
    if (text.trim().length < 2) return setError(mode === 'question' ? t('writeQuestion') : t('writeProblem'));
    // a question: the position if given, else the village or township chosen
    if (mode === 'question' ? !where && !askTo : !where) return setError(mode === 'question' ? t('askWhereNone') : t('pickWhere'));
    const name = categories.find((k) => k.code === category)?.name ?? '';
    const place = where ? { lon: where.lon, lat: where.lat, crs: 'wgs84' } : { regionCode: askTo };
    setBusy(true);
    try {
      const c = await api<CaseView>('/api/cases', {
        body: { title: text.trim().slice(0, 40) || name, description: text.trim(), categoryCode: category, ...place, media: photos.map((p) => p.id), clientKey },
      });
      clearAll();
      setDone({ no: c.no });
    } catch (e) {
      const err = e as ApiError;
      setError(err.code === 'POINT_OUTSIDE_GRIDS' ? t('outsideGrids') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Result status="success" data-testid="report-done" title={done.joined ? t('joinedTitle') : mode === 'question' ? t('askedTitle') : t('reportedTitle')}
        subTitle={`${t('caseNo')} ${done.no}`} extra={<Button type="primary" onClick={onDone} data-testid="to-my-reports">{t('myReports')}</Button>} />
    );
  }

  const whereText = where ? `${t(`where_${where.how}`)} · ${where.lat.toFixed(5)}, ${where.lon.toFixed(5)}` : t('pickWhere');
  return (
    <Card title={mode === 'question' ? t('askTitle') : t('reportTitle')} size="small" data-testid={`report-${mode}`}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {mode === 'problem' && (
          <Select showSearch optionFilterProp="label" placeholder={t('pickCategory')} style={{ width: '100%' }} value={category} onChange={setCategory} data-testid="category"
            options={categories.map((k) => ({ value: k.code, label: getLang() === 'en' ? k.nameEn : k.name }))} />
        )}
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="report-text"
          placeholder={mode === 'question' ? t('writeQuestion') : t('writeProblem')} />
        {mode === 'problem' && (
          <div>
            <Space wrap>
              {photos.map((p) => <img key={p.id} src={p.thumbUrl} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }} />)}
              {photos.length < 9 && (
                <label style={{ width: 72, height: 72, border: '1px dashed #aaa', borderRadius: 6, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', cursor: 'pointer', color: '#555' }}>
                  {t('upload')}
                  <input type="file" accept="image/*" capture="environment" multiple hidden data-testid="photo-input" onChange={(e) => void addPhotos(e.target.files)} />
                </label>
              )}
            </Space>
          </div>
        )}
        {mode === 'question' ? (
          <div data-testid="ask-where">
            <Typography.Text strong>{t('askWhere')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }}>{t('askWhereHint')}</Typography.Paragraph>
            <Space wrap>
              <Button onClick={locate} data-testid="locate">{t('useMyLocation')}</Button>
              <Select showSearch allowClear optionFilterProp="label" placeholder={t('askWhereVillage')} style={{ minWidth: 200, maxWidth: '100%' }} data-testid="village"
                value={where ? undefined : askTo} onChange={(code?: string) => { setAskTo(code); setWhere(null); }}
                options={[
                  { label: t('townshipOption'), options: townships.map(([code, name]) => ({ value: code, label: name })) },
                  { label: t('villages'), options: places.map((p) => ({ value: p.code, label: `${p.name}（${p.township}）` })) },
                ]} />
            </Space>
            {where && <Typography.Text style={{ display: 'block', marginTop: 6 }} data-testid="where">{whereText}</Typography.Text>}
          </div>
        ) : (
        <div>
          <Space wrap style={{ marginBottom: 8 }}>
            <Button onClick={locate} data-testid="locate">{t('useMyLocation')}</Button>
            <Select showSearch optionFilterProp="label" placeholder={t('pickVillage')} style={{ minWidth: 180 }} data-testid="village"
              onChange={(code: string) => { const p = places.find((x) => x.code === code); if (p?.lon != null && p.lat != null) setWhere({ lon: p.lon, lat: p.lat, how: 'village' }); }}
              options={places.map((p) => ({ value: p.code, label: `${p.name}（${p.township}）` }))} />
          </Space>
          <Typography.Text type={where ? undefined : 'secondary'} data-testid="where" style={{ display: 'block', marginBottom: 6 }}>{whereText}</Typography.Text>
          <PinMap where={where} onPick={(lon, lat) => setWhere({ lon, lat, how: 'map' })} />
        </div>
        )}
        {nearby.length > 0 && (
          <Alert type="info" showIcon title={t('nearbyTitle')} data-testid="nearby" description={
            <List size="small" dataSource={nearby} renderItem={(n) => (
              <List.Item actions={[<Button key="j" size="small" onClick={() => void joinCase(n)} data-testid="me-too">{t('meToo')}</Button>]}>
                <span>{n.title} <Tag>{n.distanceM} m</Tag>{n.reportCount > 1 && <Tag color="orange">{t('reportCount')} {n.reportCount}</Tag>}</span>
              </List.Item>
            )} />
          } />
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="report-error" />}
        <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="submit-report">{mode === 'question' ? t('askSubmit') : t('reportSubmit')}</Button>
      </Space>
    </Card>
  );
}
