import type { CohortId } from './cohort/cohort-id.ts';

/**
 * The sample board of education resolution that selected System Design Zone (SDZ) districts
 * of a cohort adapt and adopt (seed: "A sample resolution is provided as part of the
 * application"): it names the cohort's school year (its id) and, for accreditation, the next.
 *
 * Plain text, no markup: email templates put it in a preformatted block of the HTML part
 * (escaped by the `html` tag) and verbatim in the text part. Blanks to fill in are written
 * as `[...]` so a district can see at a glance what to complete.
 */
export function sampleBoardResolution(cohortId: CohortId): string {
  const year = Number(cohortId.slice(5));
  const nextYear = `${year}-${year + 1}`;
  // Named once: the text says it six times, and the releases bundle is near its size limit.
  const zone = 'System Design Zone';
  return `RESOLUTION OF THE BOARD OF EDUCATION OF THE [NAME OF DISTRICT]
SUPPORTING PARTICIPATION IN THE SUCCESS-READY STUDENTS NETWORK
SYSTEM DESIGN ZONE (SDZ), ${cohortId}

WHEREAS, the Success-Ready Students Network (SRSN) is a collaborative initiative that connects the Missouri public \
school community, in collaboration with the Missouri Department of Elementary and Secondary Education (DESE), with the \
goal that every student has the knowledge, skills and dispositions needed to be high school, college, career and \
workplace ready; and

WHEREAS, the SRSN has convened Innovation Zones, including a ${zone} of leading competency-based learning \
(CBL) districts that collaborate to improve local practice through professional learning and collectively support \
designing a reimagined assessment for learning system (${cohortId}) and accreditation system (${nextYear}); and

WHEREAS, the [Name of District] has been selected to participate in the ${zone} for the ${cohortId} school \
year; and

WHEREAS, participation in the ${zone} commits the district to:
  1. share examples of how a competency-based mind-set is used to create personalized learning experiences, including \
digital examples that can be used for professional learning by other districts;
  2. create real world learning opportunities for students in collaboration with identified partners (e.g. businesses, \
industry, entrepreneurial opportunities, higher education);
  3. participate fully in regularly scheduled meetings, including the monthly statewide professional learning sessions;
  4. engage in study and research, within approved and secure protocols, that inform instructional practice and system \
design;
  5. support the development of, and consider participation in, group designed waiver requests to DESE;
  6. use its learning from the ${zone} to support DESE in the design of reimagined assessment and \
accreditation systems; and
  7. serve as a site visit location for other Missouri educators and stakeholders; and

WHEREAS, the Board of Education believes that participation in the ${zone} aligns with the district's \
commitment to student-centered, competency-based learning;

NOW, THEREFORE, BE IT RESOLVED that the Board of Education of the [Name of District] supports the district's \
participation in the Success-Ready Students Network ${zone} for the ${cohortId} school year and the \
commitments listed above; and

BE IT FURTHER RESOLVED that the Board of Education authorizes the Superintendent, or the Superintendent's designee, to \
take the actions necessary to carry out this participation, including identifying up to three professional learning \
lead facilitators who will attend each monthly session.

ADOPTED this [day] day of [month], [year], by the Board of Education of the [Name of District].

______________________________
President, Board of Education

ATTEST:

______________________________
Secretary, Board of Education
`;
}
