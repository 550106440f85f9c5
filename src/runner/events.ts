// The run's event stream (a union on `kind`): feeds the progress display, the --log file and tests.

export type RunEvent =
  | { kind: 'run-start'; output: string; tests: number; estimatedSeconds: number }
  | { kind: 'stage'; stage: string }
  | { kind: 'test-start'; profile: string; test: string; attempt: number; attempts: number; estimatedSeconds: number }
  | { kind: 'sample'; profile: string; test: string; iteration: string; iterationIndex: number; iterations: number; sample: number; samples: number }
  | { kind: 'test-end'; profile: string; test: string; serial: string }
  | { kind: 'test-failed'; profile: string; test: string; attempt: number; message: string; willRetry: boolean }
  | { kind: 'log'; level: 'info' | 'warn' | 'debug'; source: string; message: string }
  | { kind: 'run-end'; failed: number; interrupted: boolean; output: string };

export type RunEventKind = RunEvent['kind'];

/** Where events go. */
export type EmitEvent = (event: RunEvent) => void;
