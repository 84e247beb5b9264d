// Built-in modules that reach the system, loaded on first use as core/lazy-builtins.ts says why:
// child_process brings net and dgram with it, and bump never spawns, nor does a generation run the
// GitHub CLI or a merge (issue #15).
export const childProcess = () => process.getBuiltinModule('node:child_process');
export const os = () => process.getBuiltinModule('node:os');
