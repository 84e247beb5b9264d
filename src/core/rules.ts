// Pure checks for single values. Each returns null when the value is fine, else a sentence that says
// what is accepted (the caller adds the flag name). No I/O here: flags, prompts and .yo-rc.json all
// pass through these.

/** PEP 508 distribution name. */
export function checkDistName(value: string): string | null {
  return /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/.test(value)
    ? null
    : 'must be a PEP 508 name: letters, digits, ".", "_" and "-", starting and ending with a letter or digit (e.g. "scikit-image")';
}

const PY_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for ' +
    'from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '),
);

/** Importable dotted Python module path. */
export function checkImportName(value: string): string | null {
  const parts = value.split('.');
  const ok = parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) && !PY_KEYWORDS.has(p));
  return ok ? null : 'must be an importable Python module path such as "skimage" or "pkg.sub" (ASCII identifiers, no keywords)';
}

export function normaliseImportName(distName: string): string {
  return distName.toLowerCase().replace(/[-.]+/g, '_');
}

export interface RepoUrlParts {
  host: string;
  owner: string;
  repo: string;
}

const HOST = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*';
const SEG = '[A-Za-z0-9_][A-Za-z0-9._-]*';
const HTTPS_URL = new RegExp(`^https://(${HOST})(?::[0-9]{1,5})?/((?:${SEG}/)*${SEG})/(${SEG}?)$`);
const SCP_URL = new RegExp(`^git@(${HOST}):((?:${SEG}/)*${SEG})/(${SEG}?)$`);

/** https://host/owner/repo(.git) or git@host:owner/repo(.git); returns null when neither form matches. */
export function parseRepoUrl(value: string): RepoUrlParts | null {
  const m = HTTPS_URL.exec(value) ?? SCP_URL.exec(value);
  if (!m || !m[1] || !m[2] || !m[3]) return null;
  const repo = m[3].replace(/\.git$/, '');
  if (repo === '' || repo.startsWith('.') || m[2].split('/').some((s) => s.startsWith('.'))) return null;
  return { host: m[1], owner: m[2].split('/')[0] as string, repo };
}

export function checkRepoUrl(value: string): string | null {
  return parseRepoUrl(value)
    ? null
    : 'must be the project\'s git URL as "https://host/owner/repo" (optionally ending in .git) or "git@host:owner/repo.git"';
}

/** GitHub login: user or organisation. */
export function checkOwner(value: string): string | null {
  return /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/.test(value)
    ? null
    : 'must be a GitHub user or organisation name: up to 39 letters, digits and single inner hyphens';
}

/**
 * A ref: git's ref-name rules (git check-ref-format --allow-onelevel), narrowed to characters that are
 * inert in YAML and in shell, or a hex SHA. Narrowing refuses real but exotic ref names (with "$",
 * "!" or quotes) on purpose: such a ref would need quoting in every CI file that pins it.
 */
export function checkRef(value: string): string | null {
  const accepted =
    'must be a branch, tag or commit SHA that follows git\'s ref-name rules, using only letters, digits and "._/+-" (e.g. "main", "v1.2.3", "3f2c1ab")';
  if (value.length === 0 || value.length > 255) return accepted;
  if (!/^[A-Za-z0-9._/+-]+$/.test(value)) return accepted;
  if (value.startsWith('-') || value.startsWith('/') || value.endsWith('/') || value.endsWith('.')) return accepted;
  if (value.includes('..') || value.includes('//') || value === '@') return accepted;
  for (const part of value.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock')) return accepted;
  }
  return null;
}

export function isHexSha(value: string): boolean {
  return /^[0-9a-f]{7,40}$/.test(value);
}

/** anaconda.org organisation or user name. */
export function checkAnacondaOrg(value: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(value)
    ? null
    : 'must be an anaconda.org organisation name: letters, digits, "_", "." and "-"';
}

/** An S3 bucket name (the DNS-compatible rules). */
export function checkS3Bucket(value: string): string | null {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) && !value.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(value)
    ? null
    : 'must be an S3 bucket name: 3-63 lower-case letters, digits, "." and "-"';
}

const CRON_FIELDS: ReadonlyArray<{ what: string; min: number; max: number; names?: readonly string[] }> = [
  { what: 'minute', min: 0, max: 59 },
  { what: 'hour', min: 0, max: 23 },
  { what: 'day of month', min: 1, max: 31 },
  { what: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { what: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function cronValue(token: string, field: (typeof CRON_FIELDS)[number]): number | null {
  if (/^[0-9]{1,2}$/.test(token)) {
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : null;
  }
  const i = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return i >= 0 ? i + field.min : null;
}

/** A five-field POSIX cron expression, as GitHub's `schedule` accepts it. */
export function checkCron(value: string): string | null {
  const fields = value.trim().split(/\s+/);
  const accepted =
    'must be "none" or a five-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 3 * * 1"';
  if (!/^[A-Za-z0-9*/,\- ]+$/.test(value) || fields.length !== 5) return accepted;
  for (const [i, text] of fields.entries()) {
    const field = CRON_FIELDS[i];
    if (!field) return accepted;
    for (const item of text.split(',')) {
      const [range, step, extra] = item.split('/');
      if (extra !== undefined || range === undefined) return `${accepted}; "${item}" is not a valid ${field.what}`;
      if (step !== undefined && !/^[1-9][0-9]?$/.test(step)) return `${accepted}; "${item}" has a bad step`;
      if (range === '*') continue;
      const [lo, hi, more] = range.split('-');
      const a = lo === undefined ? null : cronValue(lo, field);
      const b = hi === undefined ? a : cronValue(hi, field);
      if (more !== undefined || a === null || b === null || a > b) {
        return `${accepted}; "${item}" is out of range for the ${field.what} (${field.min}-${field.max})`;
      }
    }
  }
  return null;
}

/** Free text that will be written into a shell file: anything printable, no NUL, CR or other control bytes but tab and newline. */
export function checkShellText(value: string, multiline: boolean): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) return 'must not contain control characters (NUL, CR, escape, ...)';
  if (!multiline && value.includes('\n')) return 'must be a single line';
  return null;
}

/** Whether `host` (as URL.hostname gives it) is this machine: 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a URL that a token is sent to is unsafe, or null: only https:// is accepted, and http:// only
 * for this machine (local test servers), since a token sent over plain http crosses the wire in clear.
 */
export function insecureUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return null;
  return u.protocol === 'http:' ? 'uses http://, which would send the token in clear; use https://' : `uses ${u.protocol}, not https://`;
}
