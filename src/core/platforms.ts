// The build targets a wheels repository can offer, as data: the generator's choices, help text,
// validation and the workflow's matrix all come from these two tables.

export interface Platform {
  id: string;
  describe: string;
  /** posix platforms build through multibuild; windows ones with pip + delvewheel. */
  family: 'posix' | 'windows';
  /** GitHub Actions runner label */
  runner: string;
  /** multibuild's PLAT */
  plat: string;
  /** TRAVIS_OS_NAME as multibuild reads it */
  osName: 'linux' | 'osx' | 'windows';
  libc?: 'manylinux' | 'musllinux';
  mlVer?: string;
  /** the wheel platform tag cibuildwheel selects with CIBW_BUILD (cp312-<tag>) */
  cibwTag: string;
  /** cibuildwheel's name for the architecture (CIBW_ARCHS) */
  cibwArch: string;
  /** actions/setup-python's architecture */
  pyArch: 'x64' | 'x86' | 'arm64';
  /** left out of the default list (still accepted) */
  optIn?: boolean;
  /** the engines that can build it (all when absent) */
  engines?: readonly string[];
}

// Runner labels: actions/runner-images 7495144 README.md lines 25-39 (docs/support.md).
export const PLATFORMS: readonly Platform[] = [
  { id: 'linux-x86_64', describe: 'manylinux_2_28 x86_64', family: 'posix', runner: 'ubuntu-24.04', plat: 'x86_64', osName: 'linux', libc: 'manylinux', mlVer: '_2_28', cibwTag: 'manylinux_x86_64', cibwArch: 'x86_64', pyArch: 'x64' },
  { id: 'linux-aarch64', describe: 'manylinux_2_28 aarch64 (native Arm runner)', family: 'posix', runner: 'ubuntu-24.04-arm', plat: 'aarch64', osName: 'linux', libc: 'manylinux', mlVer: '_2_28', cibwTag: 'manylinux_aarch64', cibwArch: 'aarch64', pyArch: 'arm64' },
  { id: 'musllinux-x86_64', describe: 'musllinux_1_2 x86_64', family: 'posix', runner: 'ubuntu-24.04', plat: 'x86_64', osName: 'linux', libc: 'musllinux', mlVer: '_1_2', cibwTag: 'musllinux_x86_64', cibwArch: 'x86_64', pyArch: 'x64' },
  { id: 'macos-x86_64', describe: 'macOS Intel', family: 'posix', runner: 'macos-15-intel', plat: 'x86_64', osName: 'osx', cibwTag: 'macosx_x86_64', cibwArch: 'x86_64', pyArch: 'x64' },
  { id: 'macos-arm64', describe: 'macOS Apple silicon', family: 'posix', runner: 'macos-15', plat: 'arm64', osName: 'osx', cibwTag: 'macosx_arm64', cibwArch: 'arm64', pyArch: 'arm64' },
  { id: 'windows-amd64', describe: 'Windows 64-bit', family: 'windows', runner: 'windows-2025', plat: 'win_amd64', osName: 'windows', cibwTag: 'win_amd64', cibwArch: 'AMD64', pyArch: 'x64' },
  { id: 'windows-x86', describe: 'Windows 32-bit', family: 'windows', runner: 'windows-2025', plat: 'win32', osName: 'windows', cibwTag: 'win32', cibwArch: 'x86', pyArch: 'x86', optIn: true },
  { id: 'windows-arm64', describe: 'Windows on Arm (native Arm runner)', family: 'windows', runner: 'windows-11-arm', plat: 'win_arm64', osName: 'windows', cibwTag: 'win_arm64', cibwArch: 'ARM64', pyArch: 'arm64', optIn: true, engines: ['cibuildwheel'] },
];

export const PLATFORM_IDS: readonly string[] = PLATFORMS.map((p) => p.id);

/** The platforms built when --platforms is not given, less those a layout cannot build. */
export function defaultPlatforms(unsupported: ReadonlySet<string> = new Set()): string[] {
  return PLATFORMS.filter((p) => !p.optIn && !unsupported.has(p.id)).map((p) => p.id);
}

export function platformById(id: string): Platform {
  const p = PLATFORMS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown platform ${id}`);
  return p;
}

/**
 * CPython versions the tool knows how to build; `supported` marks those in upstream support (2026-11),
 * the default list. "3.14t" is the free-threaded build of 3.14, which only cibuildwheel builds
 * (cibuildwheel v4.2.0 has cp314t and cp315t, no cp313t: build-platforms.toml, docs/support.md).
 */
export const PYTHONS: ReadonlyArray<{ version: string; supported: boolean; freeThreaded?: boolean }> = [
  { version: '3.9', supported: false },
  { version: '3.10', supported: false },
  { version: '3.11', supported: true },
  { version: '3.12', supported: true },
  { version: '3.13', supported: true },
  { version: '3.14', supported: true },
  { version: '3.15', supported: true },
  { version: '3.14t', supported: false, freeThreaded: true },
  { version: '3.15t', supported: false, freeThreaded: true },
];

export const PYTHON_VERSIONS: readonly string[] = PYTHONS.map((p) => p.version);
export const DEFAULT_PYTHONS: readonly string[] = PYTHONS.filter((p) => p.supported).map((p) => p.version);

export function isFreeThreaded(version: string): boolean {
  return version.endsWith('t');
}

/** "3.14t" -> "3.14" */
export function minorOf(version: string): string {
  return version.replace(/t$/, '');
}

/** "3.12" -> "cp312" */
export function cpTag(version: string): string {
  return `cp${version.replace('.', '')}`;
}

export interface MatrixEntry extends Platform {
  python: string;
}

/** One job per platform of `family` × Python version, with ids such as cp312-linux-x86_64. */
export function matrix(a: { platforms: readonly string[]; python: readonly string[] }, family: Platform['family']): MatrixEntry[] {
  const out: MatrixEntry[] = [];
  for (const id of a.platforms) {
    const platform = platformById(id);
    if (platform.family !== family) continue;
    for (const python of a.python) out.push({ ...platform, id: `${cpTag(python)}-${platform.id}`, python });
  }
  return out;
}
