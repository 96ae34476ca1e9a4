/** One `mc` command: what `mc help` lists and what `mc NAME …` runs. */
export interface Command {
  name: string;
  usage: string;
  /** What `mc help COMMAND` adds to the usage line: details and the settings the command reads. */
  help: string;
  run(args: string[]): Promise<number>;
}
