import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIdNumber, maskPersonalText, maskPhone, normalisePhone } from './privacy.ts';

describe('privacy', () => {
  it('masks phone and ID numbers', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
    assert.equal(maskPhone(null), null);
    assert.equal(maskIdNumber('330802199001011234'), '330802********1234');
  });
  it('masks phone and ID numbers typed into free text, and leaves other numbers alone', () => {
    assert.equal(maskPersonalText('请联系我13812345678，或 +86 139-1234-5678'), '请联系我138****5678，或 139****5678');
    assert.equal(maskPersonalText('身份证330802199001011234，座机0570-8123456'), '身份证330802********1234，座机0570-***3456');
    assert.equal(maskPersonalText('门牌号 12 号，垃圾 3 袋，2026年11月'), '门牌号 12 号，垃圾 3 袋，2026年11月');
    assert.equal(maskPersonalText(null), null);
  });
  it('normalises mainland mobile numbers', () => {
    assert.equal(normalisePhone('+86 138 1234 5678'), '13812345678');
    assert.equal(normalisePhone('12345678901'), null);
    assert.equal(normalisePhone('1381234567'), null);
  });
});
