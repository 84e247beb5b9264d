#!/usr/bin/env node
// Only node:module loads before V8's compile cache is on (see create-wheels-repo.ts); each command
// then imports its own modules (src/cli/wheels-repo.ts).
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const [{ runWheelsRepo }, { boundary }, { invocation, respell }] = await Promise.all([
  import('../cli/wheels-repo.js'), import('./boundary.js'), import('../cli/invocation.js'),
]);

// Every command printed (hints, Next: lines, errors) is spelled the way this run was started.
const run = invocation();
const spell = (text: string) => respell(text, run);

await boundary(() =>
  runWheelsRepo(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(spell(text)),
    env: process.env,
    terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    stdinIsTerminal: Boolean(process.stdin.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  }),
  spell,
);
