/** The eight elements of the Missouri framework for competency-based learning (seed 002). */
export const CBL_ELEMENTS = [
  'Students are empowered daily to make important decisions about their learning experiences, how they will ' +
    'create and apply knowledge, and how they will demonstrate their learning.',
  'Assessment is a meaningful, positive, and empowering learning experience for students that yields timely, ' +
    'relevant, and actionable evidence.',
  'Students receive timely, differentiated support based on their individual learning needs.',
  'Students progress based on evidence of mastery, not seat time.',
  'Students learn actively using different pathways and varied pacing.',
  'Strategies to ensure equity for all students are embedded in the culture, structure, and pedagogy of ' +
    'schools and education systems.',
  'Rigorous, common expectations for learning (knowledge, skills, and dispositions) are explicit, transparent, ' +
    'measurable, and transferable.',
  'Students engage in Real World Learning experiences that support high school, college, career and workplace ' +
    'readiness.',
] as const;

export const CBL_ELEMENT_COUNT = CBL_ELEMENTS.length;

/** A realistic self-assessment rates each element on this scale. */
export const IMPLEMENTATION_RATINGS = ['not_started', 'emerging', 'developing', 'implementing', 'sustaining'] as const;
export type ImplementationRating = (typeof IMPLEMENTATION_RATINGS)[number];

/** SDZ evidence of practice (seed 002), each "in place" or "under construction". */
export const SDZ_EVIDENCE_PRACTICES = {
  cblPractices: 'Use of competency-based learning (CBL) practices',
  dataForSystemChange: 'Use of data to inform system change and improvement',
  assessmentForLearning:
    'Use of assessment for learning practices (formative, summative, interim assessments that demonstrate ' +
    'student growth)',
  professionalLearning:
    'Professional learning that supports implementation of CBL, including real world learning with identified partners',
} as const;
export type SdzEvidencePractice = keyof typeof SDZ_EVIDENCE_PRACTICES;
export const EVIDENCE_STATUSES = ['in_place', 'under_construction'] as const;
