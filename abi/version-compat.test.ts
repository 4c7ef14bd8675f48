// Unit tests of the version rule (pure logic, SPEC §1.2). The host's use of it is tested through
// DAP in test/e2e/mini.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ABI_PACKAGE, ABI_VERSION } from './generated/version.js';
import { acceptedRange, compatible, refusal } from './version-compat.js';

describe('ABI version compatibility (SPEC §1.2)', () => {
  it('version 0: the same minor, any patch either way', () => {
    assert.ok(compatible('0.4.0', '0.4.1'));
    assert.ok(compatible('0.4.2', '0.4.0'));
    assert.ok(compatible('0.4.1', '0.4.1'));
    assert.ok(compatible('0.4.1', '0.4.12'));
    assert.ok(!compatible('0.4.1', '0.3.9'));
    assert.ok(!compatible('0.4.1', '0.5.0'));
    assert.ok(!compatible('0.4.1', '1.4.1'));
  });

  it('from 1.0: the same major, any minor and patch', () => {
    assert.ok(compatible('1.0.0', '1.7.3'));
    assert.ok(!compatible('1.2.0', '2.2.0'));
  });

  it('a version that is not major.minor.patch matches nothing, itself included', () => {
    for (const v of ['0.4', '0.4.1-rc1', 'x.y.z', '', '00.4.1']) assert.ok(!compatible(v, v), v);
  });

  it('names the range a host accepts', () => {
    assert.equal(acceptedRange('0.4.1'), '0.4.x');
    assert.equal(acceptedRange('2.1.0'), '2.x');
  });

  it("refuses with both versions and this host's range named; accepts a compatible one", () => {
    const [major, minor] = ABI_VERSION.split('.');
    assert.equal(refusal('p.wasm', [`${major}.${minor}.0`]), undefined);
    assert.equal(refusal('p.wasm', [ABI_VERSION, ABI_VERSION]), undefined);
    const newer = `${major}.${Number(minor) + 1}.0`;
    assert.equal(refusal('p.wasm', [newer]),
      `p.wasm implements ${ABI_PACKAGE}@${newer}; this host implements ${ABI_PACKAGE}@${ABI_VERSION} and accepts producers of ${major}.${minor}.x`);
    assert.match(refusal('p.wasm', [ABI_VERSION, `${major}.${minor}.0`]) ?? '', /implements .*@\d+\.\d+\.\d+ and .*@/);
    assert.match(refusal('p.wasm', []) ?? '', new RegExp(`^p\\.wasm implements no ${ABI_PACKAGE} version;`));
  });
});
