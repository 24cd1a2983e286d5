import { Logger, type LogLevel } from '@nestjs/common';

// Where the app's log lines go: stdout and stderr, through a buffer each (AppLogger and logRecord).
type Stream = 'stdout' | 'stderr';

/**
 * The lines written during one turn of the event loop, sent in one write at the end of it: one
 * system call for all the access lines of a busy moment, rather than one a line. Whatever is still
 * buffered goes out when the process exits, however it exits short of a kill.
 */
class LineBuffer {
  private lines: string[] = [];

  constructor(private readonly stream: Stream) {
    process.once('exit', this.flush);
  }

  push(line: string): void {
    if (this.lines.push(line) === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    process[this.stream].write(text);
  };
}

const output: Record<Stream, LineBuffer> = { stdout: new LineBuffer('stdout'), stderr: new LineBuffer('stderr') };

/** Writes one line (without its newline) to stdout or stderr, at the end of this turn of the event loop. */
export function writeLine(stream: Stream, line: string): void {
  output[stream].push(line);
}

/**
 * What `new Logger(context)[level](message, fields)` writes through AppLogger, built directly: for the
 * line written once a request (the access log), where Nest's logger pipeline (argument sorting, the
 * level and format options, the guarded serialiser) costs more than the line itself. Same fields, same
 * level filter, same buffer; `fields` are flat, and carry the request id themselves.
 */
export function logRecord(
  level: LogLevel,
  context: string,
  message: string,
  fields: Record<string, string | number | boolean>,
): void {
  if (!Logger.isLevelEnabled(level)) return;
  output.stdout.push(JSON.stringify({ level, pid: process.pid, timestamp: Date.now(), message, context, ...fields }));
}
