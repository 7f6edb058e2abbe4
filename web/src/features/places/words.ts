/** The places' shared words and marks: each kind's layer colour and one-character map mark, a grade's colour. */
import type { PlaceKind } from '../../../../src/places/places.schema.ts';
import type { HomestayGrade } from '../../../../src/places/places-kinds.ts';
import { isKey, t, type Key } from '../../shared/i18n.ts';

export const KINDS: PlaceKind[] = ['homestay', 'restaurant', 'venue', 'shop', 'sight', 'product', 'toilet', 'parking', 'workshop', 'enterprise'];
/** On the map a kind is a coloured dot with one character (宿 食 馆 …): readable at a glance on a phone. */
export const KIND_MARK: Record<PlaceKind, { colour: string; zh: string; en: string }> = {
  homestay: { colour: '#d4380d', zh: '宿', en: 'H' }, restaurant: { colour: '#d48806', zh: '食', en: 'F' }, venue: { colour: '#531dab', zh: '馆', en: 'V' },
  shop: { colour: '#c41d7f', zh: '店', en: 'S' }, sight: { colour: '#389e0d', zh: '景', en: 'P' }, product: { colour: '#08979c', zh: '品', en: 'G' },
  toilet: { colour: '#1d39c4', zh: '厕', en: 'WC' }, parking: { colour: '#595959', zh: 'P', en: 'P' }, workshop: { colour: '#7cb305', zh: '坊', en: 'W' }, enterprise: { colour: '#0958d9', zh: '企', en: 'E' },
};
export const GRADE_COLOUR: Record<HomestayGrade, string> = { platinum: '#722ed1', gold: '#d48806', silver: '#8c8c8c' };
export const kindWord = (k: PlaceKind) => t(`pl_kind_${k}` as Key);
export const gradeWord = (g: HomestayGrade) => t(`pl_grade_${g}` as Key);
export const statusWord = (s: string) => t(`pl_status_${s}` as Key);
/** An attribute's name in words (the console's edit form and the change list); an unknown one as it is. */
export const attrWord = (k: string) => (isKey(`pl_attr_${k}`) ? t(`pl_attr_${k}` as Key) : k);
