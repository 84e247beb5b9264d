// Rules that follow from the build engine, whatever the layout: what only cibuildwheel can build.
import type { Answers } from '../core/options.js';
import { isFreeThreaded, platformById } from '../core/platforms.js';
import type { Refusal } from './types.js';

/**
 * Free-threaded CPython and platforms only cibuildwheel builds, refused for multibuild with the
 * alternative: multibuild (8a9333e) knows no free-threaded build (osx_utils.sh strip_macpython_ver_prefix
 * drops the "t"; cpython_path names a directory manylinux does not have) and has no Windows support.
 */
export function cibuildwheelOnly(a: Pick<Answers, 'python' | 'platforms'>, alternative: string): Refusal[] {
  const out: Refusal[] = [];
  const ft = a.python.filter(isFreeThreaded);
  if (ft.length > 0) out.push({ flag: 'python', message: `${ft.join(', ')} (free-threaded) needs ${alternative}: multibuild cannot build free-threaded wheels` });
  const only = a.platforms.filter((id) => platformById(id).engines?.includes('cibuildwheel') && !platformById(id).engines?.includes('multibuild'));
  if (only.length > 0) out.push({ flag: 'platforms', message: `${only.join(', ')} needs ${alternative}: only cibuildwheel builds it here` });
  return out;
}
