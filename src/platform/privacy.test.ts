import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIdNumber, maskPhone, normalisePhone } from './privacy.ts';

describe('privacy', () => {
  it('masks phone and ID numbers', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
    assert.equal(maskPhone(null), null);
    assert.equal(maskIdNumber('330802199001011234'), '330802********1234');
  });
  it('normalises mainland mobile numbers', () => {
    assert.equal(normalisePhone('+86 138 1234 5678'), '13812345678');
    assert.equal(normalisePhone('12345678901'), null);
    assert.equal(normalisePhone('1381234567'), null);
  });
});
