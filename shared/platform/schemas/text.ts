import * as z from './zod.ts';

// Control characters: CR/LF would let a value inject email headers; the rest have no
// business in a form field. Tab is allowed only in multi-line text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text of at most `max` characters without the `forbidden` ones, trimmed, then at least `min` long. */
function trimmedText(max: number, min: number, forbidden: RegExp, forbiddenMessage: string) {
  return z
    .pipe(
      z.string().check(
        z.maxLength(max, `must be at most ${max} characters`),
        z.refine((value) => !forbidden.test(value), forbiddenMessage),
      ),
      z.transform((value) => value.trim()),
    )
    .check(
      z.refine((value) => value.length >= min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
    );
}

/** A trimmed one-line value (names, titles, codes): anything that can reach an email header. */
export function singleLine(max: number, min = 1) {
  return trimmedText(
    max,
    min,
    SINGLE_LINE_FORBIDDEN,
    'must be a single line without control characters (CR/LF refused)',
  );
}

/** A narrative answer: line breaks allowed, other control characters refused. */
export function multiLine(max: number, min = 1) {
  return trimmedText(max, min, MULTI_LINE_FORBIDDEN, 'must not contain control characters');
}

/** An email address; header-safe by construction (zod's email pattern admits no whitespace). */
export const emailAddress = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(254, 'must be at most 254 characters')),
    z.email({ message: 'must be an email address' }),
  ),
  z.transform((value) => value.toLowerCase()),
);

export const phoneNumber = z
  .string()
  .check(z.maxLength(32, 'must be at most 32 characters'), z.regex(/^\+?[0-9 ().-]{7,32}$/, 'must be a phone number'));

export const calendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** A reference to a document held elsewhere (an https link or a file name). */
export const documentReference = z.string().check(
  z.maxLength(500, 'must be at most 500 characters'),
  z.refine(
    (value) => !SINGLE_LINE_FORBIDDEN.test(value),
    'must be a single line without control characters (CR/LF refused)',
  ),
  z.refine((value) => value.trim().length > 0, 'must not be empty'),
);
