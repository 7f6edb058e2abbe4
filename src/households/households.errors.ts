/**
 * The households module's error codes with what a person is told (zh, en); pure data, the web imports
 * it too (see platform/error-text.ts). Another village's household answers as a missing one (404), so
 * its existence does not leak.
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const HOUSEHOLDS_ERRORS = defineErrors('households', {
  HOUSEHOLD_NOT_FOUND: e(404, '找不到该户', 'No such household'),
  HOUSEHOLD_CARD_NOT_FOUND: e(404, '户卡无效：卡已挂失换新，或不属于您负责的村', 'This household card is not valid: it was replaced, or it is not of a village you serve'),
  HOUSEHOLD_PERSON_NOT_FOUND: e(404, '找不到这个人', 'No such person'),
  HOUSEHOLD_PERSON_ELSEWHERE: e(422, '此人不住在该户所在的村', 'This person does not live in the household\'s village'),
  HOUSEHOLD_REGION_INVALID: e(422, '户必须建在一个村或社区', 'A household belongs to a village or community'),
  HOUSEHOLD_MEMBER_ELSEWHERE: e(409, '此人已是另一户的成员，一个人只能属于一户', 'This person already belongs to another household (a person belongs to one)'),
  HOUSEHOLD_ALREADY_MEMBER: e(409, '此人已是本户成员', 'This person is already a member of this household'),
  HOUSEHOLD_NOT_MEMBER: e(409, '此人不是本户成员', 'This person is not a member of this household'),
  HOUSEHOLD_HEAD_NOT_MEMBER: e(409, '户主必须是本户成员，请先把此人加入本户', 'The head must be a member: add the person to the household first'),
  HOUSEHOLD_HEAD_REMOVAL: e(409, '移出户主前，请先指定新户主', 'Name a new head before removing the head'),
  ID_NUMBER_INVALID: e(400, '第 {row} 行的身份证号不正确（位数、出生日期或校验位有误），未导入任何数据', 'The ID number in row {row} is not valid (its length, birth date or check digit is wrong); nothing was imported',
    { zh: '身份证号不正确（位数、出生日期或校验位有误）', en: 'Not a valid ID number (its length, birth date or check digit is wrong)' }),
  HOUSEHOLD_IMPORT_INVALID: e(400, '第 {row} 行「{column}」不正确：{problemZh}。未导入任何数据', 'Row {row}, column "{column}" is not valid: {problem}. Nothing was imported',
    { zh: '导入文件有错误，未导入任何数据', en: 'The file has an error; nothing was imported' }),
  HOUSEHOLD_IMPORT_DUPLICATES: e(409, '导入文件中有疑似重复的人，未导入；请核对后确认按不同的人导入', 'The file has people who look like duplicates; nothing was imported. Check them, then confirm they are different people'),
  HOUSEHOLD_ID_KEY_MISSING: e(503, '身份证号密钥不可用，无法读取', 'The ID number key is not available; ID numbers cannot be read'),
  HOUSEHOLD_RELATION_INVALID: e(422, '与户主关系不正确（户主请用「设为户主」）', 'Not a valid relation to the head (use "make head" for the head)'),
});
