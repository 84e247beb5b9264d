// create-wheels-repo past its bin (src/bin/create-wheels-repo.ts, which answers --version and turns
// Node's compile cache on): `--help` alone reads package.json and the option table and nothing else;
// create.ts, which imports the generation, the prompts and git, is imported only for a real run.
export {}; // a module: top-level await
const argv = process.argv.slice(2);
const { boundary } = await import('./boundary.js');
await boundary(async () => {
  const only = argv.length === 1 ? argv[0] : undefined;
  if (only === '--help' || only === '-h') {
    const [{ packageVersion }, { createHelp }, { wrapHelp }] = await Promise.all([import('../io/package-files.js'), import('../cli/create-args.js'), import('../cli/help-wrap.js')]);
    return process.stdout.write(wrapHelp(createHelp(packageVersion()))), 0;
  }
  const { runCreate } = await import('../cli/create.js');
  return runCreate(argv, {
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(text),
    env: process.env,
    terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  });
});
