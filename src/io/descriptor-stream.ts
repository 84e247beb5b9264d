// Writing to a file descriptor with write(2): what the bins print through (src/bin/stdout.ts), and
// what Yeoman's terminal adapter writes to in a run without questions, in place of process.stdout and
// process.stderr (src/cli/yeoman-bundle.ts).
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';

/**
 * Writes all of `data` to `fd` with write(2). Returns 'closed' when the reader went away (EPIPE: the
 * rest is the reader's choice to miss, not an error), the bytes left when a non-blocking pipe is full
 * (EAGAIN: the caller hands them to a stream, which waits), or undefined once all are written.
 */
export function writeFully(fd: number, data: string | Uint8Array): 'closed' | Uint8Array | undefined {
  let rest = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return 'closed';
    if (code === 'EAGAIN') return rest;
    throw e;
  }
}

/**
 * A writable for `fd` (standard output or error, or a file), written with writeFully (src/bin/stdout.ts
 * says why: setting process.stdout or stderr up loads net and the stream modules; issue #15). An
 * EventEmitter because node:console listens for errors on its streams. The adapter logs only to
 * stderr, and a generation logs nothing through it (its output goes through CreateIO.out).
 */
export function descriptorStream(fd: number): NodeJS.WriteStream {
  let closed = false;
  const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const left = closed ? undefined : writeFully(fd, chunk);
    if (left === 'closed') closed = true;
    // a full non-blocking pipe (never a file): the process's own stream for it waits
    else if (left) (fd === 1 ? process.stdout : process.stderr).write(left);
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  return Object.assign(new EventEmitter(), { fd, isTTY: false, write }) as unknown as NodeJS.WriteStream;
}
