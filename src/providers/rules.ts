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

/**
 * The library builders multibuild's library_builders.sh defines (multi-build/multibuild 8a9333e), which
 * config.sh hooks can call where multibuild is loaded, and only there.
 */
const MULTIBUILD_BUILDERS = ('bison blosc bzip2 cfitsio curl fftw fftw_case flex freetype giflib github hdf5 jpeg lcms2 libaec ' +
  'libjpeg_turbo libpng libtool libwebp libyaml lzf lzo netcdf new_zlib openblas openjpeg openssl pcre ragel simple snappy ' +
  'suitesparse swig szip tiff xz zlib').split(' ').map((n) => `build_${n}`);

/** A cibuildwheel pre-build that calls one of multibuild's library builders, which cibuildwheel does not load. */
export function buildersWithoutMultibuild(a: Pick<Answers, 'engine' | 'preBuild'>): Refusal[] {
  if (a.engine === 'multibuild') return [];
  const used = MULTIBUILD_BUILDERS.filter((b) => new RegExp(`(^|[^A-Za-z0-9_])${b}($|[^A-Za-z0-9_])`).test(a.preBuild));
  return used.length === 0 ? [] : [{
    flag: 'pre-build',
    message: `calls ${used.join(', ')}, multibuild's library builder${used.length === 1 ? '' : 's'}, which cibuildwheel does not load; use --engine multibuild, or build the library with its own commands`,
  }];
}
