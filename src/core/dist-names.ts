// The names of distribution files, and which of our platform ids × Pythons a wheel serves. Pure: names
// in, answers out. Facts from the PyPA specifications (packaging.python.org/en/latest/specifications/):
// "Binary distribution format" (file name convention, escaping), "Source distribution format" (sdist
// file name), "Names and normalization", "Platform compatibility tags" (python, abi and platform tags,
// compressed tag sets, manylinux, musllinux, macOS), and PEP 703 / PEP 803 for the free-threaded ABI.
import { valid } from '#pep440';
import { cpTag, isFreeThreaded, minorOf, platformById, type Platform } from './platforms.js';

export interface WheelName {
  distribution: string;
  version: string;
  build?: string;
  pythonTags: string[];
  abiTags: string[];
  platformTags: string[];
}

export interface SdistName {
  name: string;
  version: string;
}

/**
 * "Names and normalization": lowercased, every run of ".", "-" and "_" replaced with one "-" (PEP 503),
 * so "Friendly.Bard", "friendly_bard" and "FRIENDLY-BARD" compare equal.
 */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const isVersion = (v: string): boolean => v.trim() === v && valid(v) !== null;

/**
 * "Binary distribution format", File name convention: the wheel filename is
 * `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`; the build tag
 * "must start with a digit"; "-" cannot appear within any component (Escaping and Unicode). Each tag
 * may be a "."-separated set of tags ("Platform compatibility tags", Compressed Tag Sets). Null when
 * the name is not of that form or the version is not a PEP 440 version.
 */
export function parseWheelName(name: string): WheelName | null {
  if (!name.endsWith('.whl')) return null;
  const parts = name.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return null;
  if (parts.some((p) => p === '')) return null;
  const [distribution, version] = parts as [string, string];
  const build = parts.length === 6 ? parts[2] : undefined;
  if (build !== undefined && !/^\d/.test(build)) return null;
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  const sets = [py, abi, plat].map((t) => t.split('.'));
  if (sets.some((s) => s.some((t) => t === ''))) return null;
  if (!isVersion(version)) return null;
  const [pythonTags, abiTags, platformTags] = sets as [string[], string[], string[]];
  return { distribution, version, ...(build !== undefined ? { build } : {}), pythonTags, abiTags, platformTags };
}

/**
 * "Source distribution format": the file name is `{name}-{version}.tar.gz`. Sdists from before PEP 625
 * may keep "-" in the name ("zope-interface-5.0.tar.gz"), so the version is the shortest tail after a
 * "-" that is a PEP 440 version ("foo-bar-1.0-post1.tar.gz" is foo-bar, 1.0-post1). Null otherwise.
 */
export function parseSdistName(name: string): SdistName | null {
  if (!name.endsWith('.tar.gz')) return null;
  const stem = name.slice(0, -'.tar.gz'.length);
  for (let i = stem.lastIndexOf('-'); i > 0; i = stem.lastIndexOf('-', i - 1)) {
    const version = stem.slice(i + 1);
    if (version !== '' && isVersion(version)) return { name: stem.slice(0, i), version };
  }
  return null;
}

/** Every tag triple a wheel's file name stands for: the product of its compressed tag sets. */
export function expandTags(w: WheelName): string[] {
  const out: string[] = [];
  for (const x of w.pythonTags) for (const y of w.abiTags) for (const z of w.platformTags) out.push(`${x}-${y}-${z}`);
  return out;
}

// "Platform compatibility tags", manylinux: the older tags still supported for backward compatibility,
// each with the architectures it was defined for (manylinux1 and manylinux2010: x86_64 and i686;
// manylinux2014: x86_64, i686, aarch64, armv7l, ppc64, ppc64le, s390x).
const LEGACY_MANYLINUX: Readonly<Record<string, readonly string[]>> = {
  manylinux1: ['x86_64', 'i686'],
  manylinux2010: ['x86_64', 'i686'],
  manylinux2014: ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64', 'ppc64le', 's390x'],
};

/** Platform families whose tags carry a version between family and architecture (macosx_11_0_arm64). */
const VERSIONED = new Set(['manylinux', 'musllinux', 'macosx']);

/** A platform's cibuildwheel tag split into family and architecture: "macosx_arm64" → macosx, arm64; "win32" → win32. */
function familyArch(p: Platform): { family: string; arch?: string } {
  const i = p.cibwTag.indexOf('_');
  return i < 0 ? { family: p.cibwTag } : { family: p.cibwTag.slice(0, i), arch: p.cibwTag.slice(i + 1) };
}

/**
 * Whether a wheel's platform tag runs on one of our platforms, derived from the platform's cibuildwheel
 * tag (`cibwTag`, which leaves out the version): manylinux_<x>_<y>_<arch> (PEP 600) or a legacy
 * manylinux tag defined for <arch>; musllinux_<x>_<y>_<arch>; macosx_<x>_<y>_<arch>, or universal2,
 * which "indicates that binaries support both x86_64 and arm64"; otherwise the tag itself (win_amd64,
 * win32, win_arm64). "any" runs everywhere.
 */
export function platformTagRuns(tag: string, platformId: string): boolean {
  if (tag === 'any') return true;
  const p = platformById(platformId);
  const { family, arch } = familyArch(p);
  if (arch === undefined || !VERSIONED.has(family)) return tag === p.cibwTag;
  const m = /^([a-z]+)(_\d+_\d+|\d+)?_(.+)$/.exec(tag);
  if (!m) return false;
  const [, tagFamily, version, tagArch] = m;
  if (family === 'manylinux' && version !== undefined && !version.startsWith('_')) {
    return LEGACY_MANYLINUX[`${tagFamily}${version}`]?.includes(arch) === true && tagArch === arch;
  }
  if (tagFamily !== family || version === undefined || !version.startsWith('_')) return false;
  return tagArch === arch || (family === 'macosx' && tagArch === 'universal2');
}

/** "3.13" → 13, "3.14t" → 14 */
const minorNumber = (python: string): number => parseInt(minorOf(python).split('.')[1] ?? '', 10);

/**
 * Whether a python tag and an abi tag load on CPython `python` ("3.13", or "3.14t" for the
 * free-threaded build):
 * - the version's own ABI: cp313-cp313; the free-threaded build's ABI has a "t" suffix (PEP 703:
 *   cp314-cp314t), and a free-threaded interpreter loads no other version-specific ABI;
 * - the stable ABI ("The CPython stable ABI is abi3"): cp3N-abi3 loads on 3.M for every M ≥ N, never on
 *   a free-threaded build (PEP 803: "The Stable ABI is currently not available for free-threaded
 *   builds"); PEP 803's abi3t (3.15 and later) is the stable ABI of free-threaded builds;
 * - no ABI ("none"): py3 (any Python 3), or py3XY / cp3XY naming this version.
 */
export function abiLoads(pythonTag: string, abiTag: string, python: string): boolean {
  const own = cpTag(minorOf(python));
  const ft = isFreeThreaded(python);
  if (abiTag === 'none') return pythonTag === 'py3' || pythonTag === own || pythonTag === own.replace(/^cp/, 'py');
  if (abiTag === (ft ? `${own}t` : own)) return pythonTag === own;
  if (abiTag === (ft ? 'abi3t' : 'abi3')) {
    const m = /^cp3(\d+)$/.exec(pythonTag);
    return m !== null && parseInt(m[1] as string, 10) <= minorNumber(python);
  }
  return false;
}

/** Whether the wheel serves `platformId` × `python`: some tag of its expanded set loads and runs there. */
export function covers(wheel: WheelName, platformId: string, python: string): boolean {
  return wheel.pythonTags.some((py) =>
    wheel.abiTags.some((abi) => abiLoads(py, abi, python) && wheel.platformTags.some((plat) => platformTagRuns(plat, platformId))),
  );
}

/**
 * The tag a build for `platformId` × `python` produces, with "*" where the platform version goes:
 * cp313-cp313-manylinux_*_x86_64, cp314-cp314t-macosx_*_arm64, cp313-cp313-win_amd64.
 */
export function expectedTag(platformId: string, python: string): string {
  const p = platformById(platformId);
  const own = cpTag(minorOf(python));
  const abi = isFreeThreaded(python) ? `${own}t` : own;
  const { family, arch } = familyArch(p);
  const plat = arch !== undefined && VERSIONED.has(family) ? `${family}_*_${arch}` : p.cibwTag;
  return `${own}-${abi}-${plat}`;
}

/** "no wheel for cp313 macosx arm64", "no wheel for cp314t manylinux x86_64", "no wheel for cp312 win32". */
export function describeMissing(platformId: string, python: string): string {
  const { family, arch } = familyArch(platformById(platformId));
  return `no wheel for ${cpTag(python)} ${arch === undefined ? family : `${family} ${arch}`}`;
}
