// Node's built-in modules that a run may not need, loaded on first use (process.getBuiltinModule,
// Node >= 20.16) instead of by an import at start-up: each costs 10-20 M instructions to load, and
// bump never hashes or compresses (issue #15). The pure ones live here; io/lazy-builtins.ts has those
// that reach the system. Import these instead of the modules.
export const crypto = () => process.getBuiltinModule('node:crypto');
export const zlib = () => process.getBuiltinModule('node:zlib');
