// Real distribution files for the verification tests, written by Python's standard library (zipfile,
// tarfile, hashlib, base64, csv on /usr/bin/python3), not by the code under test: a wheel with WHEEL,
// METADATA and RECORD as the binary distribution format lays them out, an sdist with PKG-INFO, and
// options that break one thing each. A missing python3 throws: it is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DistFile } from '../../src/core/verify-dists.js';

export interface WheelSpec {
  /** the project name as METADATA spells it ("Demo.Ext"); the file name uses its escaped form (demo_ext) */
  name: string;
  version: string;
  /** the file name's tags: "cp313-cp313-macosx_11_0_arm64", "py2.py3-none-any" */
  tags: string;
  build?: string;
  /** METADATA's Version when it should differ from the file name's */
  metadataVersion?: string;
  /** leave Name out of METADATA */
  noName?: boolean;
  /** WHEEL's Tag lines when they should differ from the file name's expanded tags */
  wheelTags?: string[];
  /** give this archive path a wrong hash in RECORD */
  badHash?: string;
  /** give this archive path a wrong size in RECORD */
  badSize?: string;
  /** leave this archive path out of RECORD */
  unrecorded?: string;
  /** list this path in RECORD without putting it in the archive */
  ghost?: string;
  /** one more file at this archive path (Python's csv quotes a path holding "," or '"' in RECORD) */
  extra?: string;
  /** keep only the first N bytes of the finished wheel */
  truncate?: number;
}

export interface SdistSpec {
  name: string;
  version: string;
  /** PKG-INFO's Version when it should differ from the file name's */
  pkgInfoVersion?: string;
  /** the file name when it should differ from {name}-{version}.tar.gz */
  fileName?: string;
}

export type DistSpec = { wheel: WheelSpec } | { sdist: SdistSpec };

const SCRIPT = String.raw`
import base64, csv, hashlib, io, json, os, re, sys, tarfile, zipfile

out = sys.argv[1]
names = []

def escaped(name):
    # Binary distribution format, Escaping and Unicode: name normalization, then "-" becomes "_".
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")

def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

def metadata(fields, version):
    lines = ["Metadata-Version: 2.1"]
    if not fields.get("noName"):
        lines.append("Name: " + fields["name"])
    lines += ["Version: " + version, "Summary: A test distribution", "Description-Content-Type: text/plain", "", "A test distribution.", ""]
    return "\n".join(lines).encode()

def wheel(w):
    dist, ver = escaped(w["name"]), w["version"]
    py, abi, plat = w["tags"].split("-")
    fname = "-".join([dist, ver] + ([w["build"]] if w.get("build") else []) + [py, abi, plat]) + ".whl"
    di = dist + "-" + ver + ".dist-info"
    tags = w["wheelTags"] if w.get("wheelTags") is not None else [x + "-" + y + "-" + z for x in py.split(".") for y in abi.split(".") for z in plat.split(".")]
    files = {
        dist + "/__init__.py": ("__version__ = %r\n" % ver).encode(),
        dist + "/_data.bin": bytes(range(256)) * 4,
        **({w["extra"]: b"extra\n"} if w.get("extra") else {}),
        di + "/METADATA": metadata(w, w.get("metadataVersion") or ver),
        di + "/WHEEL": ("Wheel-Version: 1.0\nGenerator: make-dists\nRoot-Is-Purelib: false\n" + "".join("Tag: %s\n" % t for t in tags)).encode(),
    }
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files.items():
        if path == w.get("unrecorded"):
            continue
        digest = record_hash(b"not the content" if path == w.get("badHash") else data)
        writer.writerow([path, digest, len(data) + (1 if path == w.get("badSize") else 0)])
    if w.get("ghost"):
        writer.writerow([w["ghost"], record_hash(b"ghost"), 5])
    writer.writerow([di + "/RECORD", "", ""])
    files[di + "/RECORD"] = record.getvalue().encode()
    path = os.path.join(out, fname)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    if w.get("truncate") is not None:
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[: w["truncate"]])
    return fname

def sdist(s):
    top = escaped(s["name"]) + "-" + s["version"]
    fname = s.get("fileName") or top + ".tar.gz"
    pkg_info = metadata(s, s.get("pkgInfoVersion") or s["version"]).replace(b"Metadata-Version: 2.1", b"Metadata-Version: 2.2")
    members = {
        top + "/PKG-INFO": pkg_info,
        top + "/pyproject.toml": b'[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
    }
    with tarfile.open(os.path.join(out, fname), "w:gz", format=tarfile.PAX_FORMAT) as t:
        d = tarfile.TarInfo(top)
        d.type, d.mode = tarfile.DIRTYPE, 0o755
        t.addfile(d)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            t.addfile(info, io.BytesIO(data))
    return fname

for spec in json.load(sys.stdin):
    names.append(wheel(spec["wheel"]) if "wheel" in spec else sdist(spec["sdist"]))
print(json.dumps(names))
`;

/** Writes the distributions into `dir` (a new temporary directory by default) and reads them back. */
export function makeDists(specs: readonly DistSpec[], dir = mkdtempSync(join(tmpdir(), 'cwr-dists-'))): { dir: string; files: DistFile[] } {
  const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT, dir], { encoding: 'utf8', input: JSON.stringify(specs) });
  if (r.error || r.status !== 0) throw new Error(`python3 could not write the test distributions: ${r.error?.message ?? r.stderr}`);
  const names = JSON.parse(r.stdout) as string[];
  return { dir, files: names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })) };
}

export function makeWheel(spec: WheelSpec): DistFile {
  return makeDists([{ wheel: spec }]).files[0] as DistFile;
}

export function makeSdist(spec: SdistSpec): DistFile {
  return makeDists([{ sdist: spec }]).files[0] as DistFile;
}
