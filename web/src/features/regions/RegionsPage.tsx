import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Descriptions, Empty, Row, Tree, type TreeDataNode } from 'antd';
import { api, type RegionLevel, type PublicConfig, type RegionDetail, type RegionFeature, type RegionFeatureCollection, type RegionSummary } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { ListSkeleton } from '../../shared/Loading.tsx';
import type { RegionKind } from '../../../../src/regions/region-codes.ts';
import { RegionMap } from './RegionMap.tsx';

interface TreeNode extends TreeDataNode { key: string; children: TreeNode[] }

function buildTree(items: RegionSummary[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  const byCode = new Map(items.map((r) => [r.code, r]));
  for (const r of items) {
    // a grid is named after its village ("余东村第1网格"): under the village, the suffix is enough
    const parentName = r.parentCode ? byCode.get(r.parentCode)?.name : undefined;
    const title = parentName && r.name.startsWith(parentName) && r.name.length > parentName.length ? r.name.slice(parentName.length) : r.name;
    nodes.set(r.code, { key: r.code, title, children: [] });
  }
  const roots: TreeNode[] = [];
  for (const r of items) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export function RegionsPage() {
  const [items, setItems] = useState<RegionSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [parent, setParent] = useState<RegionFeature | null>(null);
  const [children, setChildren] = useState<RegionFeature[]>([]);
  const [tileUrl, setTileUrl] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<PublicConfig>('/api/config/public').then((c) => setTileUrl(c.mapTileUrl), () => setTileUrl(null));
    api<{ items: RegionSummary[] }>('/api/regions/tree').then((r) => {
      setItems(r.items);
      // start where the user's area opens up: descend from the root while there is a single child
      let node = r.items.find((x) => !r.items.some((y) => y.code === x.parentCode));
      for (;;) {
        const kids = r.items.filter((y) => y.parentCode === node?.code);
        if (kids.length !== 1) break;
        node = kids[0];
      }
      setSelected(node?.code ?? null);
    }, (e) => setError(e));
  }, []);

  useEffect(() => {
    if (!selected) return;
    Promise.all([
      api<RegionDetail>(`/api/regions/${selected}`),
      api<RegionFeatureCollection>(`/api/regions/${selected}/children`),
    ]).then(([p, c]) => {
      const { geometry, code, scope, parentCode, level, kind, name, nameEn, vintage, households, centerLon, centerLat } = p;
      setParent({ type: 'Feature', id: code, properties: { code, scope, parentCode, level, kind, name, nameEn, vintage, households, centerLon, centerLat }, geometry });
      setChildren(c.features);
    }, (e) => setError(e));
  }, [selected]);

  const tree = useMemo(() => buildTree(items), [items]);
  const pick = useCallback((code: string) => setSelected(code), []);
  const info = parent?.properties;
  const expanded = useMemo(() => items.filter((r) => ['province', 'city', 'district'].includes(r.level) || (selected ?? '').startsWith(r.scope)).map((r) => r.code), [items, selected]);

  return (
    <Row gutter={16}>
      <Col xs={24} md={7}>
        <Card title={t('regions')} size="small" styles={{ body: { maxHeight: 640, overflow: 'auto' } }}>
          {error != null && <Alert type="error" title={errorText(error)} />}
          {items.length === 0 && error == null && <ListSkeleton rows={8} />}
          <Tree treeData={tree} selectedKeys={selected ? [selected] : []} defaultExpandedKeys={expanded} key={expanded.length > 0 ? 'ready' : 'loading'}
            onSelect={(keys) => keys[0] && setSelected(String(keys[0]))} data-testid="region-tree" />
        </Card>
      </Col>
      <Col xs={24} md={17}>
        <Card size="small" title={info ? `${info.name} · ${t(`level_${info.level as RegionLevel}`)}` : t('selectRegion')} data-testid="region-title">
          {info && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('code_')}>{info.code}</Descriptions.Item>
              <Descriptions.Item label={t('kind')}>{info.kind ? t(`kind_${info.kind as NonNullable<RegionKind>}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('children')}>{children.length}</Descriptions.Item>
              <Descriptions.Item label={info.level === 'grid' ? t('households') : t('vintage')}>{info.level === 'grid' ? info.households ?? '—' : info.vintage}</Descriptions.Item>
            </Descriptions>
          )}
          {tileUrl === null && <Alert type="info" showIcon title={t('noMap')} style={{ marginBottom: 8 }} />}
          {tileUrl !== undefined && <RegionMap parent={parent} features={children} tileUrl={tileUrl} onPick={pick} />}
          {info && children.length === 0 && <Empty description={t('noChildren')} />}
        </Card>
      </Col>
    </Row>
  );
}
