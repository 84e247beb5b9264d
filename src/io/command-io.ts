// What a command receives from its entry point (src/bin): the one IO type of every command.
export interface CommandIO {
  cwd: string;
  out: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** stdin and stdout are terminals: prompts are possible */
  terminal?: boolean;
  /** standard input alone is a terminal */
  stdinIsTerminal?: boolean;
  readStdin?: () => Promise<string>;
  /** a Yeoman adapter; tests pass @yeoman/adapter's TestAdapter to answer prompts */
  adapter?: unknown;
}
