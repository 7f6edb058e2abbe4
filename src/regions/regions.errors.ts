/**
 * The regions module's error codes: the HTTP status(es) and what a person is told, in Chinese and English.
 * Pure data (the web imports it too and shows messages by code); see platform/error-text.ts.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const REGIONS_ERRORS = defineErrors('regions', {
  REGION_NOT_FOUND: e([400, 404], '找不到该区划', 'No such region'),
  REGION_CODE_INVALID: e(400, '区划代码不正确', 'Not a region code'),
  COORDINATES_OUT_OF_RANGE: e(400, '位置不在中国境内', 'The position is not in China'),
  POINT_OUTSIDE_GRIDS: e(422, '该位置不在任何网格内', 'No grid covers this position'),
  IMPORT_REJECTED: e(400, '区划数据有误，未导入任何内容', 'Some features were rejected; nothing was imported'),
  IMPORT_UNREADABLE: e(2, '无法读取导入文件', 'The import file cannot be read'),
});
