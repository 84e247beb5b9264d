// The one prompt module: questions, confirmations and masked values, through inquirer (loaded only
// when a prompt is shown) or, in tests, a Yeoman adapter that answers them.
/** Ctrl-C (or an abort) at an inquirer prompt: ExitPromptError, AbortPromptError, CancelPromptError. */
export function isPromptCancel(e: unknown): boolean {
  return e instanceof Error && ['ExitPromptError', 'AbortPromptError', 'CancelPromptError'].includes(e.name);
}

/**
 * A run the user stopped (Ctrl-C), with `message` saying what exists now, which the command knows and
 * the boundary does not: the boundary prints it as it is and exits 130.
 */
export class Cancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Cancelled';
  }
}

export function isCancelled(e: unknown): e is Cancelled {
  return e instanceof Error && e.name === 'Cancelled';
}

interface Adapter {
  prompt?: (questions: unknown[]) => Promise<Record<string, unknown>>;
}

async function prompt(questions: readonly unknown[], adapter?: unknown): Promise<Record<string, unknown>> {
  const a = adapter as Adapter | undefined;
  if (a?.prompt) return a.prompt([...questions]);
  const { default: inquirer } = await import('#inquirer');
  return (await inquirer.prompt(questions as never)) as Record<string, unknown>;
}

/** Answers to the option-table questions asked (src/answers/questions.ts). */
export async function askQuestions(questions: readonly object[], adapter?: unknown): Promise<Record<string, unknown>> {
  return prompt(questions, adapter);
}

export async function confirm(message: string, fallback: boolean, adapter?: unknown): Promise<boolean> {
  return (await prompt([{ type: 'confirm', name: 'yes', message, default: fallback }], adapter)).yes === true;
}

/** A value typed without echo (each character shown as *); undefined when nothing was typed. */
export async function askSecret(message: string, adapter?: unknown): Promise<string | undefined> {
  const value = (await prompt([{ type: 'password', name: 'value', message, mask: '*' }], adapter)).value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
