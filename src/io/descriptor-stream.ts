// What Yeoman's terminal adapter writes to in a run without questions, in place of process.stdout and
// process.stderr (src/cli/yeoman-bundle.ts).
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';

/**
 * A writable for the file descriptor `fd`, written with write(2) (src/bin/stdout.ts says why: setting
 * process.stdout or stderr up loads net and the stream modules; issue #15). An EventEmitter because
 * node:console listens for errors on its streams. The adapter logs only to stderr, and a generation
 * logs nothing through it (its output goes through CreateIO.out); a reader that went away (EPIPE)
 * just gets no more.
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
