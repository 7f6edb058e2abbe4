/**
 * The places module's error codes with what a person is told (zh, en); pure data, the web imports it too.
 * A listing not yet published answers to tourists as a missing one (404).
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const PLACES_ERRORS = defineErrors('places', {
  PLACE_NOT_FOUND: e(404, '找不到该地点（或尚未发布）', 'No such place (or not published yet)'),
  PLACE_NOT_OWNER: e(403, '只有该地点的业主（所属农户或单位）或村里的工作人员可以修改', 'Only the place\'s owner (its household or organisation) or the village\'s staff may edit it'),
  PLACE_INVALID: e(422, '地点信息不正确：字段「{field}」', 'The place is not valid: {field}', { zh: '地点信息不正确', en: 'The place is not valid' }),
  PLACE_OUTSIDE_VILLAGE: e(422, '地点的位置不在所选的村里，请在地图上重新选点', 'The place\'s point is not inside its village: pick it again on the map'),
  PLACE_PHOTO_NOT_FOUND: e(422, '找不到这张照片，请重新上传', 'No such photo: upload it again'),
  PLACE_PHOTO_NOT_ALLOWED: e(400, '只能用您自己上传的照片，请重新上传', 'Only a picture you uploaded yourself can be used: upload it again'),
  PLACE_KIND_NOT_FOR_OWNERS: e(403, '景点、公厕、停车场等由村里登记；您可以登记民宿、餐馆、商店和商品', 'Sights, toilets, parking and the like are listed by the village; you may list a homestay, a restaurant, a shop or a product'),
  PLACE_OWNER_INVALID: e(422, '业主不正确：您不是该农户的成员或该单位的人员', 'Not a valid owner: you are not a member of that household or organisation'),
  PLACE_NOT_PENDING: e(409, '该地点没有待审核的内容', 'Nothing of this place waits for approval'),
  PLACE_NOT_SUBMITTABLE: e(409, '该地点已提交审核或已发布', 'This place is already waiting for approval or published'),
  PLACE_CHANGED: e(409, '该地点刚被别人修改过，请刷新后再试', 'The place was changed meanwhile: reload it'),
  PLACE_REGION_INVALID: e(422, '地点属于一个村（社区）', 'A place belongs to a village'),
});
