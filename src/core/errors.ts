// Errors meant for the user: the one boundary in src/bin prints the message and the hint, no stack,
// and exits 1. Anything else that reaches the boundary is a bug and is printed with its stack.

export class UserError extends Error {
  readonly hint: string | undefined;
  /** the exit status: 1 for a failure, 2 for a command line that cannot be run */
  readonly exitCode: number;
  constructor(message: string, hint?: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** A command line that cannot be run as given (exit 2). */
export function usageError(message: string, hint?: string): UserError {
  return new UserError(message, hint, 2);
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}
