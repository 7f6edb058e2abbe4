/** A place's page on the phone: photos, its grade, hours, tickets and prices, phone and booking link, what it is part of and what belongs to it, and 咨询. */
import { App, Button, Card, Descriptions, Image, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AskAnswer, PublicPlace } from '../../../../src/places/places.contract.ts';
import { api, type Me } from '../../shared/api.ts';
import { t, tf } from '../../shared/i18n.ts';
import { ListSkeleton, Loaded } from '../../shared/Loading.tsx';
import { href, navigate } from '../../shared/router.ts';
import { useApi } from '../../shared/useApi.ts';
import { useFail } from '../../shared/useFail.ts';
import { GRADE_COLOUR, gradeWord, KIND_MARK, kindWord } from './words.ts';

export function PlaceDetail({ id, me }: { id: string; me: Me }) {
  const place = useApi<PublicPlace>(`/api/places/public/${id}`);
  return (
    <div data-testid="pl-detail">
      <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate(href('places'))}>← {t('pl_back')}</Button>
      <Loaded state={place} skeleton={<Card size="small"><ListSkeleton rows={5} /></Card>}>
        {(p) => <Page p={p} me={me} />}
      </Loaded>
    </div>
  );
}

function Page({ p, me }: { p: PublicPlace; me: Me }) {
  const a = p.attrs as Record<string, string | number | boolean | undefined>;
  const facts: { label: string; text: string }[] = [];
  if (a.hours) facts.push({ label: t('pl_hours'), text: String(a.hours) });
  if (a.ticket) facts.push({ label: t('pl_ticket'), text: String(a.ticket) });
  if (p.kind === 'homestay' && a.priceFrom !== undefined) facts.push({ label: t('pl_price'), text: `${tf('pl_priceFrom', { from: Number(a.priceFrom), to: Number(a.priceTo) })} · ${tf('pl_rooms', { n: Number(a.rooms) })}` });
  if (a.cuisine) facts.push({ label: t('pl_cuisine'), text: String(a.cuisine) });
  if (a.pricePerPerson !== undefined) facts.push({ label: t('pl_price'), text: tf('pl_perPerson', { n: Number(a.pricePerPerson) }) + (a.seats ? ` · ${tf('pl_seats', { n: Number(a.seats) })}` : '') });
  if (a.spaces !== undefined) facts.push({ label: t('pl_fee'), text: `${tf('pl_spaces', { n: Number(a.spaces) })}${a.fee ? ` · ${String(a.fee)}` : ''}` });
  if (p.kind === 'product' && a.price !== undefined) facts.push({ label: t('pl_price'), text: `${tf('pl_yuan', { n: Number(a.price) })}${a.unit ? ` / ${String(a.unit)}` : ''}` });
  if (a.howToBuy) facts.push({ label: t('pl_howToBuy'), text: String(a.howToBuy) });
  if (a.industry) facts.push({ label: t('pl_industry'), text: String(a.industry) });
  if (a.jobsForVillagers !== undefined) facts.push({ label: t('pl_scale'), text: [tf('pl_jobs', { n: Number(a.jobsForVillagers) }), a.yearlyOutputWan !== undefined ? tf('pl_output', { n: Number(a.yearlyOutputWan) }) : ''].filter(Boolean).join(' · ') });
  if (a.accessible) facts.push({ label: t('pl_accessible'), text: '✓' });
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}
      cover={p.photoUrls.length ? (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', overflowX: 'auto', gap: 4 }} data-testid="pl-photos">
            {p.photoUrls.map((u) => <Image key={u} src={u} preview={{ src: `${u}?full=true` }} alt={p.name} width={p.photoUrls.length > 1 ? 260 : '100%'} style={{ aspectRatio: '4 / 3', objectFit: 'cover' }} />)}
          </div>
        </Image.PreviewGroup>
      ) : undefined}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="pl-name">{p.name}</Typography.Title>
      <Space size={4} wrap style={{ margin: '6px 0' }}>
        <Tag color={KIND_MARK[p.kind].colour}>{kindWord(p.kind)}</Tag>
        {p.grade && <Tag color={GRADE_COLOUR[p.grade]} data-testid="pl-grade-badge">{gradeWord(p.grade)}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.villageName}</Typography.Text>
      </Space>
      {p.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.description}</Typography.Paragraph>}
      {facts.length > 0 && (
        <Descriptions size="small" column={1} bordered items={facts.map((f, i) => ({ key: i, label: f.label, children: f.text }))} style={{ marginBottom: 10 }} />
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        {p.phone && <Button href={`tel:${p.phone}`} data-testid="pl-call">{t('pl_call')} {p.phone}</Button>}
        {p.bookingUrl && <Button href={p.bookingUrl} target="_blank" rel="noopener noreferrer">{t('pl_book')}</Button>}
        {typeof a.buyUrl === 'string' && <Button href={a.buyUrl} target="_blank" rel="noopener noreferrer">{t('pl_buyLink')}</Button>}
        <Ask place={p} me={me} />
      </Space>
      {p.partOf && (
        <div style={{ marginBottom: 8 }}>{t('pl_partOf')} <a href={href('places', p.partOf.id)} onClick={(e) => { e.preventDefault(); navigate(href('places', p.partOf!.id)); }} data-testid="pl-part-of">{p.partOf.name}</a></div>
      )}
      {p.parts.length > 0 && (
        <List size="small" header={<b>{p.kind === 'shop' ? t('pl_soldHere') : t('pl_parts')}</b>} dataSource={p.parts} data-testid="pl-parts" renderItem={(x) => (
          <List.Item onClick={() => navigate(href('places', x.id))} style={{ cursor: 'pointer' }} data-testid="pl-part" data-name={x.name}>
            <List.Item.Meta avatar={x.cover ? <img src={x.cover} alt="" style={{ width: 56, height: 42, objectFit: 'cover', borderRadius: 4 }} /> : undefined}
              title={x.name} description={`${kindWord(x.kind)}${x.price !== null ? ` · ${tf('pl_yuan', { n: x.price })}` : ''}`} />
          </List.Item>
        )} />
      )}
    </Card>
  );
}

function Ask({ place, me }: { place: PublicPlace; me: Me }) {
  const fail = useFail();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => `ask-${place.id.slice(0, 8)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  const send = async () => {
    setBusy(true);
    try {
      const r = await api<AskAnswer>(`/api/places/public/${place.id}/ask`, { method: 'POST', body: { question: text.trim(), clientKey: key } });
      void message.success({ content: tf('pl_asked', { no: r.caseNo }), duration: 6 });
      setOpen(false);
      setText('');
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  if (!me) return null;
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="pl-ask">{t('pl_ask')}</Button>
      <Modal open={open} title={tf('pl_askTitle', { name: place.name })} onCancel={() => setOpen(false)} width={420} centered
        footer={<Button type="primary" loading={busy} disabled={text.trim().length < 2} onClick={send} data-testid="pl-ask-send">{t('pl_askSend')}</Button>}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('pl_askHint')}</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={1000} showCount value={text} onChange={(e) => setText(e.target.value)} placeholder={t('pl_askPlaceholder')} data-testid="pl-ask-text" />
      </Modal>
    </>
  );
}
