// Matchstick's console output: an indentation level, an accumulation mode (a test's logs are
// collected and shown after its result line), and one symbol per level.
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
export const style = {
  red: paint("31"),
  boldRed: paint("1;31"),
  green: paint("32"),
  boldGreen: paint("1;32"),
  yellow: paint("33"),
  blue: paint("94"),
  boldBlue: paint("1;94"),
  cyan: paint("36"),
  heading: paint("1;3;36"),
  italic: paint("3"),
  brightRed: paint("91"),
};

export enum Level {
  Critical = 0,
  Error = 1,
  Warning = 2,
  Info = 3,
  Debug = 4,
  Success = 5,
  Default = 6,
}

export class Logger {
  private indent = 0;
  private accumulating = false;
  private buffer: string[] = [];
  constructor(private readonly write: (line: string) => void = (l) => process.stdout.write(l + "\n")) {}

  addIndent(): void {
    this.indent += 2;
  }
  subIndent(): void {
    this.indent = Math.max(0, this.indent - 2);
  }
  clearIndent(): void {
    this.indent = 0;
  }
  accumulate(): void {
    this.accumulating = true;
  }
  /** Ends accumulation and returns what was collected, one line per entry. */
  flush(): string {
    this.accumulating = false;
    const text = this.buffer.map((l) => l + "\n").join("");
    this.buffer = [];
    return text;
  }

  format(level: Level, msg: string): string {
    const body = (() => {
      switch (level) {
        case Level.Critical:
          return style.boldRed(`🆘 ${msg}`);
        case Level.Error:
          return style.boldRed(`𝖷 ${msg}`);
        case Level.Warning:
          return style.yellow(`⚠️  ${msg}`);
        case Level.Info:
          return style.italic(`💬 ${msg}`);
        case Level.Debug:
          return style.cyan(`🛠  ${msg}`);
        case Level.Success:
          return style.boldGreen(`√ ${msg}`);
        default:
          return msg;
      }
    })();
    return " ".repeat(this.indent) + body;
  }

  log(level: Level, msg: string): void {
    const line = this.format(level, msg);
    if (this.accumulating) this.buffer.push(line);
    else this.write(line);
  }

  /** Raw text (already formatted) printed without level decoration. */
  raw(text: string): void {
    if (this.accumulating) this.buffer.push(text);
    else this.write(text);
  }
}
