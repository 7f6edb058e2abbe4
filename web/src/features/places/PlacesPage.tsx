/**
 * 逛村子 (phone-first, tourists and villagers): a village's introduction, its map with a layer per kind
 * and a search box, the list of what is found, and a place's page (/app/places/<id>) with its photos,
 * hours, tickets, grade, phone and booking link, and 咨询.
 */
import { Alert, Card, Empty, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { GuideVillages, PublicPlaceSummary, PublicSearch, VillageGuide } from '../../../../src/places/places.contract.ts';
import type { HomestayGrade } from '../../../../src/places/places-kinds.ts';
import type { PlaceKind } from '../../../../src/places/places.schema.ts';
import type { Me } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { ListSkeleton } from '../../shared/Loading.tsx';
import { href, navigate, useSegments } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { PlaceDetail } from './PlaceDetail.tsx';
import { PlacesMap } from './PlacesMap.tsx';
import { GRADE_COLOUR, gradeWord, KIND_MARK, KINDS, kindWord } from './words.ts';

export function PlacesPage({ me }: { me: Me }) {
  const [, id] = useSegments();
  return id ? <PlaceDetail id={id} me={me} /> : <VillageMap me={me} />;
}

function VillageMap({ me }: { me: Me }) {
  const villages = useApi<GuideVillages>('/api/places/public/villages');
  const [picked, setPicked] = useState<string | undefined>();
  const items = villages.data?.items ?? [];
  const home = me.homeRegionCode ? items.find((v) => me.homeRegionCode!.startsWith(v.regionCode)) : undefined;
  // the console's 预览 opens the village it edits (?village=<code>)
  const linked = items.find((v) => v.regionCode === new URLSearchParams(location.search).get('village'));
  const code = picked ?? linked?.regionCode ?? home?.regionCode ?? items[0]?.regionCode;
  if (villages.loading && !villages.data) return <Card size="small"><ListSkeleton rows={4} /></Card>;
  if (!code) return <Card size="small" title={t('pl_nav')}><Empty description={t('pl_noVillages')} /></Card>;
  return (
    <div data-testid="places-page">
      {items.length > 1 && (
        <Select style={{ width: '100%', marginBottom: 8 }} value={code} onChange={setPicked} aria-label={t('pl_pickVillage')} data-testid="pl-village"
          options={items.map((v) => ({ value: v.regionCode, label: `${v.name}（${v.township}）` }))} />
      )}
      <Village code={code} />
    </div>
  );
}

function Village({ code }: { code: string }) {
  const guide = useApi<VillageGuide>(`/api/places/public/villages/${code}`);
  const [kind, setKind] = useState<PlaceKind | 'all'>('all');
  const [grade, setGrade] = useState<HomestayGrade | 'any'>('any');
  const [q, setQ] = useState('');
  useEffect(() => { if (kind !== 'homestay') setGrade('any'); }, [kind]);
  const path = useMemo(() => {
    const s = new URLSearchParams({ region: code });
    if (kind !== 'all') s.append('kind', kind);
    if (kind === 'homestay' && grade !== 'any') s.set('grade', grade);
    if (q.trim()) s.set('q', q.trim());
    return `/api/places/public?${s}`;
  }, [code, kind, grade, q]);
  const found = useApi<PublicSearch>(path);
  const g = guide.data;
  const counts = g?.counts ?? {};
  const kinds = KINDS.filter((k) => counts[k]);
  const open = (id: string) => navigate(href('places', id));
  return (
    <>
      {g && (
        <Card size="small" title={<span data-testid="pl-village-name">{g.name}</span>} extra={<Typography.Text type="secondary">{g.township}</Typography.Text>}>
          {g.coverUrl && <img src={g.coverUrl} alt="" data-testid="pl-cover" style={{ width: '100%', maxHeight: 220, objectFit: 'cover', borderRadius: 6, marginBottom: 8, display: 'block' }} />}
          {g.intro && <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 8 }} data-testid="pl-intro">{g.intro}</Typography.Paragraph>}
          {g.contact && <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }} data-testid="pl-contact">{t('pl_guideContact')}：{g.contact}</Typography.Paragraph>}
          <Input.Search allowClear placeholder={t('pl_search')} onSearch={setQ} enterButton data-testid="pl-search" style={{ marginBottom: 8 }} />
          <div style={{ overflowX: 'auto', whiteSpace: 'nowrap', paddingBottom: 4 }} role="group" aria-label={t('pl_layers')} data-testid="pl-layers">
            <Tag.CheckableTag checked={kind === 'all'} onChange={() => setKind('all')}>{t('pl_all')}</Tag.CheckableTag>
            {kinds.map((k) => (
              <Tag.CheckableTag key={k} checked={kind === k} onChange={() => setKind(kind === k ? 'all' : k)} data-testid={`pl-layer-${k}`}>
                <span style={{ color: kind === k ? '#fff' : KIND_MARK[k].colour }}>●</span> {kindWord(k)} {counts[k]}
              </Tag.CheckableTag>
            ))}
          </div>
          {kind === 'homestay' && (
            <Segmented size="small" block style={{ marginTop: 6 }} value={grade} onChange={(v) => setGrade(v as HomestayGrade | 'any')} data-testid="pl-grade"
              options={[{ value: 'any', label: t('pl_anyGrade') }, ...(['platinum', 'gold', 'silver'] as const).map((x) => ({ value: x, label: gradeWord(x) }))]} />
          )}
        </Card>
      )}
      <div style={{ margin: '8px 0' }}>{g && <PlacesMap guide={g} places={found.data?.items ?? []} onOpen={open} />}</div>
      <Card size="small" title={found.data ? tf('pl_results', { n: found.data.total }) : t('pl_nav')}>
        {found.error ? <Alert type="error" message={String((found.error as Error).message ?? found.error)} /> : (
          <List size="small" loading={found.loading && !found.data} dataSource={found.data?.items ?? []} locale={{ emptyText: t('pl_noResults') }} data-testid="pl-list"
            renderItem={(p) => <PlaceRow p={p} onOpen={open} />} />
        )}
      </Card>
    </>
  );
}

function PlaceRow({ p, onOpen }: { p: PublicPlaceSummary; onOpen: (id: string) => void }) {
  return (
    <List.Item onClick={() => onOpen(p.id)} style={{ cursor: 'pointer' }} data-testid="pl-item" data-name={p.name}>
      <List.Item.Meta
        avatar={p.cover ? <img src={p.cover} alt="" style={{ width: 64, height: 48, objectFit: 'cover', borderRadius: 4 }} /> : <div style={{ width: 64, height: 48, borderRadius: 4, background: KIND_MARK[p.kind].colour, color: '#fff', display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 20 }}>{KIND_MARK[p.kind].zh}</div>}
        title={<Space size={4} wrap>{p.name}{p.grade && <Tag color={GRADE_COLOUR[p.grade]} style={{ marginInlineEnd: 0 }}>{gradeWord(p.grade)}</Tag>}</Space>}
        description={<span style={{ fontSize: 12 }}>{kindWord(p.kind)}{p.price !== null ? ` · ${tf('pl_yuan', { n: p.price })}` : p.priceFrom !== null ? ` · ${tf('pl_fromYuan', { n: p.priceFrom })}` : ''}{p.snippet ? ` · ${p.snippet}` : ''}</span>} />
    </List.Item>
  );
}
