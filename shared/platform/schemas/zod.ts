/**
 * The zod every schema of the project is built with: zod/mini, whose functions (rather than
 * methods) let a bundle keep only the parts of zod it uses. Import it as
 * `import * as z from '<relative path>/platform/schemas/zod.ts'`.
 *
 * Unlike classic zod, zod/mini loads no locale, so its default messages would be a bare
 * "Invalid input". The API's 400 responses and the discarded events' logs quote zod's English
 * messages ("Too big: expected string to have <=32 characters"), so English is set here, once,
 * in the module every schema imports: in Lambda bundles, the local runtime and tests alike.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
