/**
 * Reads a required environment variable, failing loudly at load time so a
 * misconfigured function never starts half-working.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A required comma-separated list of email addresses, each checked. */
export function requireEmailList(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const addresses = requireEnv(name, env)
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  const invalid = addresses.find((address) => !/^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/.test(address));
  if (addresses.length === 0 || invalid !== undefined) {
    throw new Error(
      `Environment variable ${name} must be a comma-separated list of email ` +
        `addresses${invalid ? `; "${invalid}" is not one` : ''}`,
    );
  }
  return addresses;
}
