// What a CI layout declares. A layout is one module here plus its template folder: the files it
// writes, the view its templates read, its secrets and where each lives, the files that pin
// BUILD_COMMIT, its submodule links, the remote set-up it needs, and the answers it cannot honour.
import type { Answers, LayoutChoice } from '../core/options.js';
import type { Pins } from '../core/render.js';
import type { FileSpec } from '../core/template-files.js';
import type { Problem } from '../core/validate.js';

export type SecretPlace = 'github-secret' | 'travis-secure' | 'appveyor-secure';

export interface SecretSpec {
  name: string;
  purpose: string;
  /** where the value lives */
  where: SecretPlace;
  /** the CI file holding a secure value (travis-secure, appveyor-secure) */
  file?: string;
}

/** A plain-text GitHub Actions variable (vars.NAME) the generated workflow reads. */
export interface VariableSpec {
  name: string;
  value: string;
  purpose: string;
}

export type Refusal = Problem;

export type { FileSpec };

/** The steps of `wheels-repo remote`, in the order they run. */
export type RemoteStep =
  | 'repository' | 'push' | 'pypi-environment' | 'github-secrets' | 'github-variables'
  | 'appveyor-project' | 'secure-values' | 'appveyor-webhook';

/** The CI services other than GitHub that a layout's files use. */
export type CiService = 'travis' | 'appveyor';

export interface Layout extends LayoutChoice {
  /** combinations of answers this layout cannot honour, each with the alternative */
  refuse(a: Answers): Refusal[];
  /** the files these answers generate, from the template paths available (relative to templates/) */
  files(a: Answers, templates: readonly string[]): FileSpec[];
  /** what this layout's templates read besides the common view (job ids, matrices, engine specifics) */
  view(a: Answers): Record<string, unknown>;
  secrets(a: Answers): SecretSpec[];
  variables(a: Answers): VariableSpec[];
  /** files that hold the BUILD_COMMIT pin: one source for bump and upgrade */
  pinFiles(a: Answers): string[];
  /** submodule path → the commit the templates pin it to */
  gitlinks(a: Answers, pins: Pins): Record<string, string>;
  /** every submodule path this layout can pin (a stored link elsewhere is refused) */
  gitlinkPaths: readonly string[];
  /**
   * Where this layout's generated files may live, as path patterns (`*` stays inside one directory):
   * a stored manifest entry outside them is refused, so a hand-edited .yo-rc.json cannot make an
   * upgrade read or delete another file.
   */
  outputs: readonly string[];
  remoteSteps(a: Answers, opts: { appveyor: boolean }): RemoteStep[];
  services(a: Answers): CiService[];
}
