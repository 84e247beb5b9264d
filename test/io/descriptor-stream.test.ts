// src/io/descriptor-stream.ts: what Yeoman's adapter writes to in a run without questions. It must
// take what node:console and the adapter's logger give a stream: strings, bytes, a callback.
import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { descriptorStream } from '../../src/io/descriptor-stream.js';

describe('descriptorStream', () => {
  it('writes strings and bytes to its descriptor at once, calls back, and serves node:console', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cwr-fdstream-')), 'out');
    const fd = openSync(file, 'w');
    try {
      const stream = descriptorStream(fd);
      let called = 0;
      assert.equal(stream.write('é-', () => called++), true);
      stream.write(Buffer.from('bytes\n'));
      assert.equal(readFileSync(file, 'utf8'), 'é-bytes\n', 'written before write returns');
      assert.equal(called, 1);
      new Console(stream, stream).error('%s %d', 'logged', 3);
      assert.equal(readFileSync(file, 'utf8'), 'é-bytes\nlogged 3\n');
      assert.equal(stream.isTTY, false);
    } finally {
      closeSync(fd);
    }
  });
});
