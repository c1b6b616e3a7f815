import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in the data folder that keeps the local applicant-link key across restarts. */
export const KEY_FILE_NAME = 'applicant-link.key';

/** Without a data folder, one key per process: handlers keep the key they loaded, across in-process restarts. */
let keyOfThisProcess: string | undefined;

function generate(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The local stand-in for the Secrets Manager secret the stack generates: a random key made
 * once and kept in the data folder (so links emailed before a restart keep working), or in
 * memory when there is no data folder. `npm start -- --fresh` deletes the folder, and so the key.
 */
export function applicantLinkKey(dataDir: string | undefined): string {
  if (dataDir === undefined) {
    keyOfThisProcess ??= generate();
    return keyOfThisProcess;
  }
  const file = path.join(dataDir, KEY_FILE_NAME);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 43) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
