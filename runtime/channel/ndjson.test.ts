import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { encode, readNdjson } from './ndjson.js';

test('ndjson: messages split across chunks, several per chunk, and inside UTF-8 characters', () => {
  const stream = new PassThrough();
  const got: unknown[] = [];
  const errors: Error[] = [];
  readNdjson(stream, (m) => got.push(m), (e) => errors.push(e));
  const bytes = Buffer.from(encode({ a: 'é\n😀' }) + encode([1, 2]) + 'not json\n' + encode(null));
  for (let i = 0; i < bytes.length; i += 3) stream.write(bytes.subarray(i, i + 3));
  assert.deepEqual(got, [{ a: 'é\n😀' }, [1, 2], null]);
  assert.equal(errors.length, 1);
});
