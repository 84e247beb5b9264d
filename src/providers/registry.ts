// The registered CI layouts: `--ci` offers exactly these, in this order (the first is the default).
import { githubActions } from './github-actions.js';
import { travisAppveyor } from './travis-appveyor.js';
import type { Layout } from './types.js';

export const LAYOUTS: readonly Layout[] = [githubActions, travisAppveyor];

export function layoutFor(ci: string): Layout {
  const layout = LAYOUTS.find((l) => l.id === ci);
  if (!layout) throw new Error(`no layout ${ci}`);
  return layout;
}
