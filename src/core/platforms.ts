// The build targets a wheels repository can offer, as data: the generator's choices, help text,
// validation and the workflow's matrix all come from these two tables.

export interface Platform {
  id: string;
  describe: string;
  /** posix platforms build through multibuild; windows ones with pip + delvewheel. */
  family: 'posix' | 'windows';
  runner: string;
  /** multibuild's PLAT */
  plat: string;
  /** TRAVIS_OS_NAME as multibuild reads it */
  osName: 'linux' | 'osx' | 'windows';
  libc?: 'manylinux' | 'musllinux';
  mlVer?: string;
}

export const PLATFORMS: readonly Platform[] = [
  { id: 'linux-x86_64', describe: 'manylinux_2_28 x86_64', family: 'posix', runner: 'ubuntu-24.04', plat: 'x86_64', osName: 'linux', libc: 'manylinux', mlVer: '_2_28' },
  { id: 'linux-aarch64', describe: 'manylinux_2_28 aarch64 (native Arm runner)', family: 'posix', runner: 'ubuntu-24.04-arm', plat: 'aarch64', osName: 'linux', libc: 'manylinux', mlVer: '_2_28' },
  { id: 'musllinux-x86_64', describe: 'musllinux_1_2 x86_64', family: 'posix', runner: 'ubuntu-24.04', plat: 'x86_64', osName: 'linux', libc: 'musllinux', mlVer: '_1_2' },
  { id: 'macos-x86_64', describe: 'macOS Intel', family: 'posix', runner: 'macos-15-intel', plat: 'x86_64', osName: 'osx' },
  { id: 'macos-arm64', describe: 'macOS Apple silicon', family: 'posix', runner: 'macos-15', plat: 'arm64', osName: 'osx' },
  { id: 'windows-amd64', describe: 'Windows 64-bit', family: 'windows', runner: 'windows-2025', plat: 'win_amd64', osName: 'windows' },
];

export const PLATFORM_IDS: readonly string[] = PLATFORMS.map((p) => p.id);

export function platformById(id: string): Platform {
  const p = PLATFORMS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown platform ${id}`);
  return p;
}

/** CPython minor versions the tool knows how to build; `supported` marks those in upstream support (2026-11). */
export const PYTHONS: ReadonlyArray<{ version: string; supported: boolean }> = [
  { version: '3.9', supported: false },
  { version: '3.10', supported: false },
  { version: '3.11', supported: true },
  { version: '3.12', supported: true },
  { version: '3.13', supported: true },
  { version: '3.14', supported: true },
  { version: '3.15', supported: true },
];

export const PYTHON_VERSIONS: readonly string[] = PYTHONS.map((p) => p.version);
export const DEFAULT_PYTHONS: readonly string[] = PYTHONS.filter((p) => p.supported).map((p) => p.version);

/** "3.12" -> "cp312" */
export function cpTag(version: string): string {
  return `cp${version.replace('.', '')}`;
}
