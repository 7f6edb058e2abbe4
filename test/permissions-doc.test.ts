/** docs/permissions.md is generated from the modules' permission declarations and kept current. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { PERMISSIONS_DOC, permissionsDoc } from '../scripts/permissions-doc.ts';
import { permissionRegistry, rolePermissions } from '../src/platform/access.ts';

describe('permission registry', () => {
  it('docs/permissions.md matches the modules\' declarations (npm run docs:permissions)', () => {
    assert.equal(fs.readFileSync(PERMISSIONS_DOC, 'utf8'), permissionsDoc());
  });

  it('every permission has a module, words in both languages and at least one role', () => {
    permissionsDoc();
    for (const [name, def] of permissionRegistry()) {
      assert.match(name, /^[a-z0-9]+\.[a-z_]+$/, name);
      assert.ok(def.module && def.zh && def.en && def.roles.length > 0, name);
    }
  });

  it('the choices the modules made: a grid worker sees alarms but does not clear them; configuration is the administrator\'s', () => {
    permissionsDoc();
    assert.ok(rolePermissions('grid_worker').includes('sensors.read'));
    assert.ok(!rolePermissions('grid_worker').includes('alarms.handle'));
    assert.ok(rolePermissions('handler').includes('alarms.handle'));
    for (const p of ['sensors.configure', 'cameras.configure', 'notify.channels', 'categories.write'] as const) {
      assert.deepEqual(['tourist', 'resident', 'grid_worker', 'party_member', 'operator', 'shift_lead', 'dispatcher', 'handler', 'leader'].filter((r) => rolePermissions(r as 'admin').includes(p)), [], p);
      assert.ok(rolePermissions('admin').includes(p), p);
    }
    // nobody borrows another module's permission any more: a resident holds only what reporting needs
    // and the points shop's ordering (a tourist has no household points to spend)
    assert.deepEqual(rolePermissions('resident').sort(), ['cases.report', 'ideas.take_part', 'media.upload', 'shop.order']);
  });
});
