// An esbuild plugin shared by scripts/bundle.mjs and scripts/bundle-commands.mjs: relative imports of
// the modules `keep` picks stay imports in the bundle, re-pointed from the bundle's directory, so
// those modules are loaded once, from dist/, by the bundle and by everything else.
import { relative, resolve } from 'node:path';

/** `outDir`: the directory of the bundle; `keep(absolutePath)`: whether that module stays outside. */
export function staysOutside(name, outDir, keep) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!keep(target)) return undefined;
        const path = relative(outDir, target);
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}
