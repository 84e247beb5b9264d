// A writable for a file descriptor, written with write(2): what Yeoman's terminal adapter gets in place
// of process.stdout and process.stderr (src/cli/yeoman-bundle.ts).
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';

/**
 * What Yeoman's terminal adapter writes to, in place of process.stdout and process.stderr: it writes
 * with write(2) (src/bin/stdout.ts says why: setting those streams up loads net and the stream
 * modules, ~2 ms of a generation; issue #15). An EventEmitter because node:console listens for
 * errors on its streams. The adapter logs only to stderr, and a generation logs nothing through it
 * (its output goes through CreateIO.out); a reader that went away (EPIPE) just gets no more.
 */
export function descriptorStream(fd: number): NodeJS.WriteStream {
  let closed = false;
  const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      while (!closed && bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
      closed = true;
    }
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  return Object.assign(new EventEmitter(), { fd, isTTY: false, write }) as unknown as NodeJS.WriteStream;
}

