// Three-way merges with git merge-file, the same merge git itself makes, with standard markers.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { MergeResult } from '../core/upgrade-plan.js';

export function mergeWithGit(base: string, ours: string, theirs: string, path: string): MergeResult {
  const dir = mkdtempSync(join(tmpdir(), 'wheels-repo-merge-'));
  try {
    const files = { ours: join(dir, 'ours'), base: join(dir, 'base'), theirs: join(dir, 'theirs') };
    writeFileSync(files.ours, ours);
    writeFileSync(files.base, base);
    writeFileSync(files.theirs, theirs);
    const r = spawnSync('git', ['merge-file', '-p', '-L', `${path} (yours)`, '-L', `${path} (generated before)`, '-L', `${path} (new template)`, files.ours, files.base, files.theirs], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new UserError('git was not found on PATH; upgrading needs it for three-way merges.', 'Install git.');
    if (r.status === null || r.status < 0 || r.status > 127) throw new Error(`git merge-file failed on ${path}: ${r.stderr}`);
    return { text: r.stdout, conflicts: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A unified diff of two texts, for --dry-run (git diff --no-index, relabelled). */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'wheels-repo-diff-'));
  try {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, before ?? '');
    writeFileSync(b, after ?? '');
    const r = spawnSync('git', ['diff', '--no-index', '--no-color', '-U3', a, b], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const body = r.stdout.split('\n').slice(r.stdout.startsWith('diff --git') ? 4 : 0).join('\n');
    const hunks = body.slice(body.indexOf('@@'));
    if (!hunks.startsWith('@@')) return '';
    return `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ ${after === undefined ? '/dev/null' : `b/${path}`}\n${hunks}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
