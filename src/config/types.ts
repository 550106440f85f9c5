// The run-perf configuration: what a config file may hold (written form) and the normalised form the CLI merges flags into.

/** `"name"`, `["name", {options}]`, or run-perf's `"Name:{json}"`. */
export type WrittenItem = string | [string, Record<string, unknown>];

/** A perfgate config file (perfgate.config.{ts,js,mjs,json,yaml}, .perfgaterc, or package.json's "perfgate"). */
export interface PerfgateConfig {
  /** `name:address` or `address`. @default ["localhost:127.0.0.1"] */
  hosts?: string[];
  /** @default ["Localhost"] */
  profiles?: WrittenItem[];
  tests?: WrittenItem[];
  /** npm packages or local paths (./my-plugin.js), optionally with options. */
  plugins?: WrittenItem[];
  /** @default ./result_YYYYMMDD_HHMMSS */
  output?: string;
  metadata?: Record<string, string | number | boolean>;
  /** @default 3 */
  retryTests?: number;
  hostSetupScript?: string;
  keepTmpFiles?: boolean;
  verbose?: number;
  log?: string;
}

export interface NormalizedItem {
  name: string;
  params: Record<string, unknown>;
}

/** A validated config; paths are absolute (relative to the config file's folder). */
export interface NormalizedConfig {
  file?: string;
  /** Folder plugins are resolved from: the config file's folder, else the working directory. */
  projectDir: string;
  hosts?: string[];
  profiles?: NormalizedItem[];
  tests?: NormalizedItem[];
  plugins: NormalizedItem[];
  output?: string;
  metadata: Record<string, string>;
  retryTests?: number;
  hostSetupScript?: string;
  keepTmpFiles?: boolean;
  verbose?: number;
  log?: string;
}
