#!/usr/bin/env node
import { runCreate } from '../cli/create.js';
import { boundary } from './boundary.js';

await boundary(() =>
  runCreate(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(text),
    env: process.env,
    terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  }),
);
