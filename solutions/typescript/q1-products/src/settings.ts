// Runtime configuration, read once from the environment at startup.
//
// | variable        | default     |
// |-----------------|-------------|
// | `HOST`          | `127.0.0.1` |
// | `PORT`          | `8080`      |
// | `DATABASE_PATH` | `./data.db` |

export interface Settings {
  /** Address to bind (an IP address or a host name). */
  host: string;
  /** TCP port to bind; 0 asks the OS for a free port. */
  port: number;
  /** SQLite file owned by the service, created with its schema if missing. */
  databasePath: string;
}

/** A variable is set but its value cannot be used. */
export class SettingsError extends Error {}

/** Reads the settings from `env` (the process environment by default). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const variable = (name: string, fallback: string): string => {
    const value = env[name];
    if (value === undefined) return fallback;
    if (value.trim() === '') throw new SettingsError(`${name} must not be empty`);
    return value;
  };

  const rawPort = variable('PORT', '8080').trim();
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new SettingsError(`PORT must be a whole number from 0 to 65535, got \`${rawPort}\``);
  }
  return {
    host: variable('HOST', '127.0.0.1'),
    port,
    databasePath: variable('DATABASE_PATH', './data.db'),
  };
}
