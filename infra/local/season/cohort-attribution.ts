/**
 * Which cohort an email is about, for a replay of one or more cohorts at once: the one it names
 * first (its id or its name, in the subject, then in the text). Its recipients tell which cohort
 * it should have named: an email naming none, or another cohort than the one its recipients
 * belong to, is a problem the replay reports.
 */

export interface AttributableCohort {
  readonly cohortId: string;
  readonly cohortName: string;
  /** Every address of the cohort's own people (lower case); the facilitators belong to none. */
  readonly addresses: ReadonlySet<string>;
}

export interface Attribution<T extends AttributableCohort> {
  /** The cohort the email counts for: the one it names, else its recipients', else undefined. */
  readonly cohort: T | undefined;
  /** Why the email is wrong about its cohort; undefined when it names its recipients' cohort (or theirs is unknown). */
  readonly problem?: string;
}

/** Where a cohort is first named in `text`; -1 when it is not. */
function firstMention(text: string, cohort: AttributableCohort): number {
  const positions = [text.indexOf(cohort.cohortId), text.indexOf(cohort.cohortName)].filter((at) => at >= 0);
  return positions.length > 0 ? Math.min(...positions) : -1;
}

export function attributeEmail<T extends AttributableCohort>(
  cohorts: readonly T[],
  email: { readonly subject: string; readonly text: string; readonly destination: readonly string[] },
): Attribution<T> {
  const text = `${email.subject}\n${email.text}`;
  const named = cohorts
    .map((cohort) => ({ cohort, at: firstMention(text, cohort) }))
    .filter((mention) => mention.at >= 0)
    .sort((left, right) => left.at - right.at)[0]?.cohort;
  const addressed = cohorts.find((cohort) =>
    email.destination.some((address) => cohort.addresses.has(address.toLowerCase())),
  );
  if (!named)
    return {
      cohort: addressed,
      problem: `names no cohort (neither ${cohorts.map((cohort) => cohort.cohortId).join(' nor ')})`,
    };
  if (addressed && addressed !== named)
    return {
      cohort: named,
      problem: `names ${named.cohortId}, its recipients are of ${addressed.cohortId}`,
    };
  return { cohort: named };
}
