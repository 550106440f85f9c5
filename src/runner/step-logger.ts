// A StepLogger that forwards to the event stream and keeps the lines (for the `log` file of an __error<N>__ record).
import type { StepLogger } from '../plugins/types.js';
import type { EmitEvent } from './events.js';

export interface RecordingLogger extends StepLogger {
  readonly lines: string[];
}

export function recordingLogger(emit: EmitEvent, source: string): RecordingLogger {
  const lines: string[] = [];
  const at = (level: 'info' | 'warn' | 'debug') => (message: string) => {
    lines.push(`${new Date().toISOString()} ${level.toUpperCase()} ${message}`);
    emit({ kind: 'log', level, source, message });
  };
  return { lines, info: at('info'), warn: at('warn'), debug: at('debug') };
}
