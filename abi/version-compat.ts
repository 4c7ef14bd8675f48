// Which producer versions a host works with (SPEC §1.2): the same major version and, in version 0,
// the same minor; any patch, older or newer. A patch adds only rules a conforming side need not
// keep (SPEC §1.4), so it changes nothing either side relies on. This is the rule Wasmtime's
// component linker applies to versioned interface names, and Cargo's for 0.x crates.
import { ABI_PACKAGE, ABI_VERSION } from './generated/version.js';

interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parse(version: string): Version | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/** Whether two ABI versions are compatible (SPEC §1.2). A version that is not `x.y.z` is compatible with none. */
export function compatible(a: string, b: string): boolean {
  const x = parse(a), y = parse(b);
  if (!x || !y || x.major !== y.major) return false;
  return x.major > 0 || x.minor === y.minor;
}

/** The versions a side of version `version` accepts, as a person reads them: `0.4.x`, `1.x`. */
export function acceptedRange(version: string = ABI_VERSION): string {
  const v = parse(version);
  if (!v) return version;
  return v.major > 0 ? `${v.major}.x` : `0.${v.minor}.x`;
}

/**
 * The host's check of the version a producer declares: returns nothing when this host works with
 * it, else the reason to refuse it, naming both versions and what this host accepts (SPEC §1.2).
 * `producer`: who declares it (a file name, say); `declared`: the versions it names (a core module
 * names one per import, so several differing ones is a fault of its own).
 */
export function refusal(producer: string, declared: readonly string[]): string | undefined {
  const versions = [...new Set(declared)];
  if (versions.length === 1 && compatible(versions[0], ABI_VERSION)) return undefined;
  const named = versions.length ? versions.map((v) => `${ABI_PACKAGE}@${v}`).join(' and ') : `no ${ABI_PACKAGE} version`;
  return `${producer} implements ${named}; this host implements ${ABI_PACKAGE}@${ABI_VERSION} and accepts producers of ${acceptedRange()}`;
}
