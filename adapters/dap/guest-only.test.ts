// redactHost: host paths and host stack frames go, guest script paths and plain text stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactHost } from './guest-only.js';

const GUEST = '/srv/app/plugins/greet.js';
const isGuest = (file: string) => file === GUEST;

describe('redactHost', () => {
  it('drops host stack frames and keeps guest ones', () => {
    const text = [
      'TypeError: cannot convert symbol to number',
      `    at greeting (${GUEST}:4:3)`,
      '    at QuickJSContext.unwrapResult (file:///srv/app/node_modules/quickjs-emscripten-core/dist/x.mjs:4:27314)',
      '    at file:///srv/app/app.mjs:38:21',
      '    at ModuleJob.run (node:internal/modules/esm/module_job:195:25)',
      '    at push (native)',
    ].join('\n');
    assert.equal(redactHost(text, isGuest), [
      'TypeError: cannot convert symbol to number',
      `    at greeting (${GUEST}:4:3)`,
      '    at <host code>',
      '    at push (native)',
    ].join('\n'));
  });

  it('replaces other host paths, in any form, and leaves relative text alone', () => {
    assert.equal(redactHost("ENOENT: open '/etc/secret/config.json'", isGuest), "ENOENT: open '<host>'");
    assert.equal(redactHost('loaded file:///srv/app/app.mjs:3 and C:\\host\\a.js', isGuest), 'loaded <host> and <host>');
    assert.equal(redactHost(`see ${GUEST}:4 and a/b, 1/2`, isGuest), `see ${GUEST}:4 and a/b, 1/2`);
    assert.equal(redactHost(`file://${GUEST}:4:1`, isGuest), `file://${GUEST}:4:1`);
  });
});
