// One finding of `wheels-repo doctor`: what was checked, how it stands, and the command that fixes it.
export type Status = 'pass' | 'fail' | 'warn' | 'info' | 'skip';

export interface Check {
  id: string;
  group: 'files' | 'remote';
  title: string;
  status: Status;
  detail?: string;
  /** a command (or the step) that makes this check pass */
  fix?: string;
}
