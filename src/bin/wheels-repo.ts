#!/usr/bin/env node
import { invocation, respell } from '../cli/invocation.js';
import { runWheelsRepo } from '../cli/wheels-repo.js';
import { boundary } from './boundary.js';

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
