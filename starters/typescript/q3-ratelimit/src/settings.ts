// Runtime configuration, read once from the environment at startup.
//
// | variable                  | default     |
// |---------------------------|-------------|
// | `HOST`                    | `127.0.0.1` |
// | `PORT`                    | `8080`      |
// | `RATE_LIMIT_MAX_REQUESTS` | `10`        |
// | `RATE_LIMIT_WINDOW_SECS`  | `60`        |
// | `REDIS_URL`               | unset       |

export interface Settings {
  /** Address to bind (an IP address or a host name). */
  host: string;
  /** TCP port to bind; 0 asks the OS for a free port. */
  port: number;
  // TODO(q3): the three settings below are read but nothing uses them yet.
  /** Requests accepted per client in any window of `rateLimitWindowSecs`. */
  rateLimitMaxRequests: number;
  /** Length of the rolling window, in seconds. */
  rateLimitWindowSecs: number;
  /**
   * Where to keep the counts so that several instances share them
   * (advanced); `undefined` keeps them in memory.
   */
  redisUrl: string | undefined;
}

/** A variable is set but its value cannot be used. */
export class SettingsError extends Error {}

/** Reads the settings from `env` (the process environment by default). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const variable = (name: string, fallback: string): string => {
    const value = env[name];
    if (value === undefined) return fallback;
    if (value.trim() === '') throw new SettingsError(`${name} must not be empty`);
    return value.trim();
  };
  const positive = (name: string, fallback: string): number => {
    const value = variable(name, fallback);
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || !Number.isSafeInteger(number)) {
      throw new SettingsError(`${name} must be a whole number of at least 1, got \`${value}\``);
    }
    return number;
  };

  const rawPort = variable('PORT', '8080');
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new SettingsError(`PORT must be a whole number from 0 to 65535, got \`${rawPort}\``);
  }
  const redisUrl = env.REDIS_URL?.trim();
  return {
    host: variable('HOST', '127.0.0.1'),
    port,
    rateLimitMaxRequests: positive('RATE_LIMIT_MAX_REQUESTS', '10'),
    rateLimitWindowSecs: positive('RATE_LIMIT_WINDOW_SECS', '60'),
    redisUrl: redisUrl === '' ? undefined : redisUrl,
  };
}
