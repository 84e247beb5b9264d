// Errors meant for the user: the one boundary in src/bin prints the message and the hint, no stack,
// and exits 1. Anything else that reaches the boundary is a bug and is printed with its stack.

export class UserError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.hint = hint;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}
