// PluginError: a plugin could not be found, loaded or validated, or a name is unknown; says what is available.
import { PerfgateError } from '../errors.js';

export class PluginError extends PerfgateError {
  constructor(message: string, options: { code: string; hint?: string; cause?: unknown }) {
    super(message, { ...options, kind: 'config' });
    this.name = 'PluginError';
  }
}
