import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SourceMapConsumer, SourceMapGenerator } from 'source-map';
import { instrumentScript } from '../instrument/instrument.js';
import { readInputMap, sourceMappingUrl } from './input-map.js';
import { decodeMappings, MappingIndex } from './mappings.js';
import { OriginalSources } from './original-sources.js';

// A hand-made "TS → JS" map: JS line L comes from line L + 1 of a.ts, column + 2; line 3 from b.ts.
function fixtureMap(): string {
  const gen = new SourceMapGenerator({ file: 'out.js' });
  for (const [line, col] of [[1, 0], [1, 4], [2, 2], [2, 9]]) {
    gen.addMapping({ source: 'a.ts', generated: { line, column: col }, original: { line: line + 1, column: col + 2 } });
  }
  gen.addMapping({ source: 'b.ts', generated: { line: 3, column: 0 }, original: { line: 7, column: 0 } });
  gen.setSourceContent('a.ts', 'A');
  gen.setSourceContent('b.ts', 'B');
  return gen.toString();
}

describe('decodeMappings', () => {
  it('agrees with source-map\'s consumer', async () => {
    const text = fs.readFileSync(new URL('../../../../samples/ts/out/main.js.map', import.meta.url), 'utf8');
    const ours = decodeMappings(JSON.parse(text).mappings);
    const theirs: Array<[number, number, number, number]> = [];
    const consumer = await new SourceMapConsumer(text);
    consumer.eachMapping((m) => { if (m.source) theirs.push([m.generatedLine, m.generatedColumn, m.originalLine, m.originalColumn]); });
    consumer.destroy();
    assert.ok(ours.length > 50);
    assert.deepEqual(ours.map((m) => [m.genLine, m.genColumn, m.line, m.column]), theirs);
  });

  it('looks up the mapping at or before a column, else the line\'s first, else an earlier line\'s', () => {
    const index = new MappingIndex(decodeMappings(JSON.parse(fixtureMap()).mappings));
    assert.deepEqual(index.lookup(1, 5), { genLine: 1, genColumn: 4, source: 0, line: 2, column: 6 });
    assert.equal(index.lookup(2, 0)?.genColumn, 2);
    assert.equal(index.lookup(5, 3)?.source, 1);
  });
});

describe('readInputMap', () => {
  it('reads a map file next to the script and an inline data: URL map, resolving sources', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-map-'));
    const map = { ...JSON.parse(fixtureMap()), sourceRoot: 'src' };
    fs.writeFileSync(path.join(dir, 'out.js.map'), JSON.stringify(map));
    const fromFile = readInputMap(path.join(dir, 'out.js'), 'x\n//# sourceMappingURL=out.js.map\n');
    assert.deepEqual(fromFile?.sources, [path.join(dir, 'src', 'a.ts'), path.join(dir, 'src', 'b.ts')]);
    assert.deepEqual(fromFile?.contents, ['A', 'B']);
    const inline = `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
    assert.deepEqual(readInputMap(path.join(dir, 'out.js'), inline)?.sources, fromFile?.sources);
    assert.equal(readInputMap(path.join(dir, 'out.js'), '//# sourceMappingURL=missing.map'), undefined);
    assert.equal(sourceMappingUrl('a\n//# sourceMappingURL=1.map\n//# sourceMappingURL=2.map'), '2.map');
  });
});

describe('OriginalSources', () => {
  const js = 'let a = 1;\n  foo(a);\nbar();\n';
  const instrumented = instrumentScript(js, { url: '/out.js', firstSiteId: 0 });
  const input = { map: JSON.parse(fixtureMap()), sources: ['/a.ts', '/b.ts'], contents: ['A', 'B'] };
  const original = new OriginalSources(input, instrumented.sites, instrumented.sourceMap);

  it('binds a breakpoint in original coordinates to the sites mapped there', () => {
    const bound = original.resolve(0, 3);
    assert.deepEqual(bound?.position, { source: 0, line: 3, column: 5 });
    assert.deepEqual(bound?.sites.map((s) => s.line), [2]);
    assert.deepEqual(original.resolve(1, 1)?.position, { source: 1, line: 7, column: 1 });
    assert.equal(original.resolve(1, 8), undefined);
    assert.deepEqual(original.usedSources(), [0, 1]);
  });

  it('composes a map from the instrumented code to one original source', async () => {
    const consumer = await new SourceMapConsumer(original.composedMap(0, '/out.js'));
    const code = instrumented.code.split('\n')[1];
    const p = consumer.originalPositionFor({ line: 2, column: code.indexOf('foo') });
    consumer.destroy();
    assert.deepEqual([p.source, p.line, p.column], ['/a.ts', 3, 4]);
  });
});
