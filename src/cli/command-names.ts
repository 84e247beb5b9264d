// The names of the wheels-repo commands, alone, for the bin (src/bin/wheels-repo.ts), which picks a
// command's bundle by name before anything else loads. src/cli/wheels-repo.ts has the table with
// what each one does; test/build/commands.test.ts checks the two agree.
export const COMMAND_NAMES: readonly string[] = ['bump', 'remote', 'secrets', 'webhooks', 'upgrade', 'build', 'doctor', 'download'];
