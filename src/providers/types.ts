// What a CI layout declares: the answers it can honour and the secrets its generated files need.
import type { Answers } from '../core/options.js';

export interface SecretSpec {
  name: string;
  purpose: string;
  /** where the value lives */
  where: 'github-secret' | 'travis-secure' | 'appveyor-secure';
}

/** A plain-text GitHub Actions variable (vars.NAME) the generated workflow reads. */
export interface VariableSpec {
  name: string;
  value: string;
  purpose: string;
}

export interface Refusal {
  flag: string;
  message: string;
}

export interface Layout {
  id: string;
  describe: string;
  /** combinations of answers this layout cannot honour, each with the alternative */
  refuse(a: Answers): Refusal[];
  secrets(a: Answers): SecretSpec[];
  variables(a: Answers): VariableSpec[];
  /** files that hold the BUILD_COMMIT pin */
  pinFiles(a: Answers): string[];
}
