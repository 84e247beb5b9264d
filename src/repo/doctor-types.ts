// One finding of `wheels-repo doctor`: what was checked, how it stands, and the command that fixes it.
export type Status = 'pass' | 'fail' | 'warn' | 'info' | 'skip';

/** Where a check looks: the repository's files (offline) or a service (remote). */
export type Group = 'files' | 'remote';

/** What a check is about: the heading it is printed under, in this order. */
export const SECTIONS = ['Files', 'GitHub', 'CI services', 'PyPI'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Check {
  id: string;
  group: Group;
  section: Section;
  title: string;
  status: Status;
  detail?: string;
  /** a command (or the step) that makes this check pass */
  fix?: string;
}

export type CheckMaker = (id: string, title: string, status: Status, detail?: string, fix?: string) => Check;

/** The maker of the checks of one group and section; an empty detail or fix is left out. */
export function checkIn(group: Group, section: Section): CheckMaker {
  return (id, title, status, detail, fix) => ({ id, group, section, title, status, ...(detail ? { detail } : {}), ...(fix ? { fix } : {}) });
}
