import { describe, expect, it } from 'vitest';
import {
  type Application,
  applicationSchema,
  cnzApplicationSchema,
  ildzApplicationSchema,
  sdzApplicationSchema,
} from '../../shared/applications/schemas.ts';
import { applicantKey, applicationIdFor, MAX_APPLICANT_KEY_BYTES } from '../../shared/domain/applicant.ts';
import { APPLICANT_KINDS_OF_ZONE } from '../../shared/domain/zones.ts';
import { ApplicationSubmitted } from '../../shared/events/application-submitted.ts';
import { multiLine, singleLine } from '../../shared/platform/schemas/text.ts';
import {
  type FieldError,
  requiredFieldMessages,
  toFieldErrors,
} from '../../shared/platform/schemas/validation-errors.ts';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';

const ZONES: readonly FixtureZone[] = ['SDZ', 'ILDZ', 'CNZ'];

/** Parses like the submit handler does, and returns the field errors (empty when valid). */
function fieldErrors(body: unknown): FieldError[] {
  const result = applicationSchema.safeParse(body, { error: requiredFieldMessages });
  return result.success ? [] : toFieldErrors(result.error);
}

function fieldsOf(body: unknown): string[] {
  return fieldErrors(body).map((error) => error.field);
}

function parsed(body: unknown): Application {
  return applicationSchema.parse(body);
}

/** Walks a dotted path in a fixture copy and sets the value. */
function setPath(body: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: any = body;
  for (const key of keys) target = target[key];
  target[last] = value;
}

function deletePath(body: Record<string, any>, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: any = body;
  for (const key of keys) target = target[key];
  delete target[last];
}

describe('valid applications', () => {
  it.each(ZONES)('accepts the %s fixture', (zone) => {
    expect(fieldErrors(validApplication(zone))).toEqual([]);
  });

  it.each([
    ['SDZ', sdzApplicationSchema],
    ['ILDZ', ildzApplicationSchema],
    ['CNZ', cnzApplicationSchema],
  ] as const)('accepts the %s fixture with its zone schema too', (zone, schema) => {
    expect(schema.safeParse(validApplication(zone)).success).toBe(true);
  });

  it('trims single-line values and lower-cases email addresses', () => {
    const body = validApplication('SDZ');
    body.contact.name = '  Dana Whitfield  ';
    body.contact.email = 'Dana.Whitfield@Lindbergh.Example.org';
    const application = parsed(body);
    expect(application.contact.name).toBe('Dana Whitfield');
    expect(application.contact.email).toBe('dana.whitfield@lindbergh.example.org');
  });

  it('accepts an ILDZ district and an ILDZ teacher applicant', () => {
    const district = validApplication('ILDZ');
    district.applicant = { kind: 'district', name: 'Prairie Valley R-II', countyDistrictCode: '010-090' };
    expect(fieldErrors(district)).toEqual([]);
    const teacher = validApplication('ILDZ');
    teacher.applicant = {
      kind: 'teacher',
      schoolName: 'Prairie View Elementary',
      districtName: 'Prairie Valley R-II',
      countyDistrictCode: '010-090',
    };
    expect(fieldErrors(teacher)).toEqual([]);
  });

  it('refuses an unknown zone, naming the zone field', () => {
    const body = validApplication('SDZ');
    body.zone = 'XYZ';
    expect(fieldErrors(body)).toEqual([{ field: 'zone', message: 'must be one of SDZ, ILDZ, CNZ' }]);
  });

  it('refuses a body that is not an object, naming the body', () => {
    expect(fieldsOf('not json object')).toEqual(['body']);
    expect(fieldsOf(null)).toEqual(['body']);
  });
});

describe('unknown keys are refused at every nesting level', () => {
  it.each([
    ['SDZ', 'top level', ''],
    ['SDZ', 'SDZ applicant', 'applicant'],
    ['SDZ', 'contact', 'contact'],
    ['SDZ', 'SDZ superintendent', 'superintendent'],
    ['SDZ', 'first self-assessment item', 'selfAssessment.0'],
    ['SDZ', 'last self-assessment item', 'selfAssessment.7'],
    ['SDZ', 'evidenceOfPractice', 'evidenceOfPractice'],
    ['SDZ', 'evidenceOfPractice.cblPractices item', 'evidenceOfPractice.cblPractices'],
    ['SDZ', 'evidenceOfPractice.professionalLearning item', 'evidenceOfPractice.professionalLearning'],
    ['ILDZ', 'top level', ''],
    ['ILDZ', 'ILDZ school applicant', 'applicant'],
    ['ILDZ', 'superintendentApproval', 'superintendentApproval'],
    ['ILDZ', 'superintendentApproval.superintendent', 'superintendentApproval.superintendent'],
    ['ILDZ', 'letterOfSupport', 'letterOfSupport'],
    ['CNZ', 'top level', ''],
    ['CNZ', 'CNZ organization applicant', 'applicant'],
    ['CNZ', 'representative', 'representative'],
    ['CNZ', 'alternate', 'alternate'],
  ] as const)('%s: refuses an unknown key in the %s and names it', (zone, _label, path) => {
    const body = validApplication(zone);
    const target = path === '' ? body : path.split('.').reduce((node: any, key) => node[key], body);
    target.isAdmin = true;
    const field = path === '' ? 'isAdmin' : `${path}.isAdmin`;
    expect(fieldErrors(body)).toContainEqual({ field, message: 'is not an allowed field' });
  });

  it('refuses an unknown key in an ILDZ teacher applicant', () => {
    const body = validApplication('ILDZ');
    body.applicant = {
      kind: 'teacher',
      schoolName: 'Prairie View Elementary',
      districtName: 'Prairie Valley R-II',
      countyDistrictCode: '010-090',
      grade: 4,
    };
    expect(fieldErrors(body)).toContainEqual({ field: 'applicant.grade', message: 'is not an allowed field' });
  });

  it('does not let a CNZ-only field ride along on an SDZ application', () => {
    const body = validApplication('SDZ');
    body.representative = validApplication('CNZ').representative;
    expect(fieldsOf(body)).toContain('representative');
  });
});

describe('single-line fields that can reach an email header refuse CR, LF and other control characters', () => {
  const headerFields: ReadonlyArray<readonly [FixtureZone, string]> = [
    ['SDZ', 'contact.name'],
    ['SDZ', 'contact.title'],
    ['SDZ', 'applicant.name'],
    ['SDZ', 'superintendent.name'],
    ['ILDZ', 'contact.name'],
    ['ILDZ', 'applicant.name'],
    ['ILDZ', 'applicant.districtName'],
    ['ILDZ', 'superintendentApproval.superintendent.name'],
    ['ILDZ', 'letterOfSupport.reference'],
    ['CNZ', 'applicant.name'],
    ['CNZ', 'representative.name'],
    ['CNZ', 'representative.title'],
    ['CNZ', 'alternate.name'],
    ['CNZ', 'alternate.title'],
  ];

  const injections: ReadonlyArray<readonly [string, string]> = [
    ['CRLF', 'Dana\r\nBcc: victim@example.com'],
    ['LF', 'Dana\nBcc: victim@example.com'],
    ['CR', 'Dana\rBcc: victim@example.com'],
    ['NUL', 'Dana\u0000Whitfield'],
    ['TAB', 'Dana\tWhitfield'],
    ['DEL', 'Dana\u007fWhitfield'],
    ['U+2028 line separator', 'Dana\u2028Whitfield'],
  ];

  for (const [zone, field] of headerFields) {
    it.each(injections)(`${zone} ${field}: refuses %s`, (_name, value) => {
      const body = validApplication(zone);
      setPath(body, field, value);
      expect(fieldsOf(body)).toContain(field);
    });
  }

  it('refuses a CRLF in the teacher schoolName', () => {
    const body = validApplication('ILDZ');
    body.applicant = {
      kind: 'teacher',
      schoolName: 'Prairie\r\nBcc: x@example.com',
      districtName: 'Prairie Valley R-II',
      countyDistrictCode: '010-090',
    };
    expect(fieldsOf(body)).toContain('applicant.schoolName');
  });

  it.each([
    ['SDZ', 'contact.email'],
    ['SDZ', 'superintendent.email'],
    ['ILDZ', 'superintendentApproval.superintendent.email'],
    ['CNZ', 'representative.email'],
    ['CNZ', 'alternate.email'],
  ] as const)('%s %s: refuses an email address carrying a CRLF header', (zone, field) => {
    const body = validApplication(zone);
    setPath(body, field, 'dana@example.org\r\nBcc: victim@example.com');
    expect(fieldsOf(body)).toContain(field);
  });

  it('names the reason: a single line without control characters', () => {
    const body = validApplication('SDZ');
    body.contact.name = 'Dana\r\nBcc: victim@example.com';
    expect(fieldErrors(body)).toContainEqual({
      field: 'contact.name',
      message: 'must be a single line without control characters (CR/LF refused)',
    });
  });
});

describe('narratives allow line breaks but no other control characters', () => {
  it('accepts LF, CRLF and tabs in a self-assessment narrative', () => {
    const body = validApplication('SDZ');
    body.selfAssessment[0].narrative = 'First paragraph.\n\nSecond paragraph.\r\n\t- a bullet';
    expect(fieldErrors(body)).toEqual([]);
    expect(parsed(body).selfAssessment[0]?.narrative).toContain('\n\nSecond paragraph.');
  });

  it('accepts line breaks in an SDZ evidence description', () => {
    const body = validApplication('SDZ');
    body.evidenceOfPractice.cblPractices.description = 'Since 2019:\n- grading\n- progressions';
    expect(fieldErrors(body)).toEqual([]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
    ['vertical tab', '\u000b'],
  ])('refuses %s in a narrative', (_name, character) => {
    const body = validApplication('SDZ');
    body.selfAssessment[2].narrative = `Our practice${character}is growing.`;
    expect(fieldErrors(body)).toContainEqual({
      field: 'selfAssessment.2.narrative',
      message: 'must not contain control characters',
    });
  });
});

describe('string length bounds', () => {
  it('accepts a 120-character contact name and refuses 121', () => {
    const ok = validApplication('SDZ');
    ok.contact.name = 'a'.repeat(120);
    expect(fieldErrors(ok)).toEqual([]);
    const tooLong = validApplication('SDZ');
    tooLong.contact.name = 'a'.repeat(121);
    expect(fieldErrors(tooLong)).toContainEqual({ field: 'contact.name', message: 'must be at most 120 characters' });
  });

  it('accepts a 200-character applicant name and refuses 201', () => {
    const ok = validApplication('CNZ');
    ok.applicant.name = 'b'.repeat(200);
    expect(fieldErrors(ok)).toEqual([]);
    const tooLong = validApplication('CNZ');
    tooLong.applicant.name = 'b'.repeat(201);
    expect(fieldErrors(tooLong)).toContainEqual({ field: 'applicant.name', message: 'must be at most 200 characters' });
  });

  it('accepts a 1500-character narrative and refuses 1501', () => {
    const ok = validApplication('ILDZ');
    ok.selfAssessment[4].narrative = 'n'.repeat(1500);
    expect(fieldErrors(ok)).toEqual([]);
    const tooLong = validApplication('ILDZ');
    tooLong.selfAssessment[4].narrative = 'n'.repeat(1501);
    expect(fieldErrors(tooLong)).toContainEqual({
      field: 'selfAssessment.4.narrative',
      message: 'must be at most 1500 characters',
    });
  });

  it('accepts a 3000-character evidence description and refuses 3001', () => {
    const ok = validApplication('SDZ');
    ok.evidenceOfPractice.dataForSystemChange.description = 'd'.repeat(3000);
    expect(fieldErrors(ok)).toEqual([]);
    const tooLong = validApplication('SDZ');
    tooLong.evidenceOfPractice.dataForSystemChange.description = 'd'.repeat(3001);
    expect(fieldsOf(tooLong)).toContain('evidenceOfPractice.dataForSystemChange.description');
  });

  it('refuses a 255-character email address', () => {
    const body = validApplication('SDZ');
    body.contact.email = `${'e'.repeat(243)}@example.org`;
    expect(body.contact.email).toHaveLength(255);
    expect(fieldsOf(body)).toContain('contact.email');
  });

  it('refuses a letter of support reference over 500 characters', () => {
    const body = validApplication('ILDZ');
    body.letterOfSupport.reference = `https://files.example.org/${'x'.repeat(480)}`;
    expect(fieldsOf(body)).toContain('letterOfSupport.reference');
  });

  it.each(['', '   '])('refuses an empty or blank contact name (%j)', (value) => {
    const body = validApplication('SDZ');
    body.contact.name = value;
    expect(fieldErrors(body)).toContainEqual({ field: 'contact.name', message: 'must not be empty' });
  });

  it('refuses a blank narrative', () => {
    const body = validApplication('SDZ');
    body.selfAssessment[0].narrative = ' \n ';
    expect(fieldErrors(body)).toContainEqual({ field: 'selfAssessment.0.narrative', message: 'must not be empty' });
  });

  it('refuses an invalid phone number', () => {
    const body = validApplication('SDZ');
    body.contact.phone = 'call me';
    expect(fieldsOf(body)).toContain('contact.phone');
  });

  it('checks the bounds of the text helpers directly', () => {
    expect(singleLine(5).safeParse('12345').success).toBe(true);
    expect(singleLine(5).safeParse('123456').success).toBe(false);
    expect(singleLine(10, 3).safeParse(' ab ').success).toBe(false);
    expect(multiLine(5).safeParse('a\nb').success).toBe(true);
  });
});

describe('SDZ rules', () => {
  it.each(['cblPractices', 'dataForSystemChange', 'assessmentForLearning', 'professionalLearning'])(
    'requires the %s evidence item',
    (practice) => {
      const body = validApplication('SDZ');
      delete body.evidenceOfPractice[practice];
      expect(fieldErrors(body)).toContainEqual({ field: `evidenceOfPractice.${practice}`, message: 'is required' });
    },
  );

  it('accepts evidence status in_place and under_construction only', () => {
    const body = validApplication('SDZ');
    body.evidenceOfPractice.cblPractices.status = 'under_construction';
    body.evidenceOfPractice.assessmentForLearning.status = 'in_place';
    expect(fieldErrors(body)).toEqual([]);
    body.evidenceOfPractice.cblPractices.status = 'planned';
    expect(fieldsOf(body)).toEqual(['evidenceOfPractice.cblPractices.status']);
  });

  it('requires a description for every evidence item', () => {
    const body = validApplication('SDZ');
    delete body.evidenceOfPractice.professionalLearning.description;
    expect(fieldErrors(body)).toContainEqual({
      field: 'evidenceOfPractice.professionalLearning.description',
      message: 'is required',
    });
  });

  it('refuses an SDZ applicant that is not a district', () => {
    const body = validApplication('SDZ');
    body.applicant.kind = 'school';
    expect(fieldErrors(body)).toContainEqual({
      field: 'applicant.kind',
      message: 'must be district: the System Design Zone is for school districts',
    });
  });

  it('accepts K-12, K-8 and charter districts and refuses other district types', () => {
    for (const districtType of ['K-12', 'K-8', 'charter']) {
      const body = validApplication('SDZ');
      body.applicant.districtType = districtType;
      expect(fieldErrors(body), districtType).toEqual([]);
    }
    const body = validApplication('SDZ');
    body.applicant.districtType = '9-12';
    expect(fieldsOf(body)).toEqual(['applicant.districtType']);
  });

  it('requires the superintendent', () => {
    const body = validApplication('SDZ');
    delete body.superintendent;
    expect(fieldErrors(body)).toContainEqual({ field: 'superintendent', message: 'is required' });
  });
});

describe('ILDZ rules', () => {
  it.each([false, 'true', 1])('refuses superintendentApproval.approved = %j', (approved) => {
    const body = validApplication('ILDZ');
    body.superintendentApproval.approved = approved;
    expect(fieldErrors(body)).toContainEqual({
      field: 'superintendentApproval.approved',
      message: 'must be true: superintendent approval is required for this zone',
    });
  });

  it('requires the superintendent approval', () => {
    const body = validApplication('ILDZ');
    delete body.superintendentApproval;
    expect(fieldErrors(body)).toContainEqual({ field: 'superintendentApproval', message: 'is required' });
  });

  it('requires the letter of support', () => {
    const body = validApplication('ILDZ');
    delete body.letterOfSupport;
    expect(fieldErrors(body)).toContainEqual({ field: 'letterOfSupport', message: 'is required' });
  });

  it('requires a signing date on the letter of support in YYYY-MM-DD', () => {
    const body = validApplication('ILDZ');
    body.letterOfSupport.signedOn = '09/01/2022';
    expect(fieldErrors(body)).toContainEqual({
      field: 'letterOfSupport.signedOn',
      message: 'must be a date YYYY-MM-DD',
    });
  });

  it('requires a schoolCode for a school applicant', () => {
    const body = validApplication('ILDZ');
    delete body.applicant.schoolCode;
    expect(fieldErrors(body)).toContainEqual({ field: 'applicant.schoolCode', message: 'is required' });
  });

  it('refuses a school code that is not four digits', () => {
    const body = validApplication('ILDZ');
    body.applicant.schoolCode = '105';
    expect(fieldErrors(body)).toContainEqual({
      field: 'applicant.schoolCode',
      message: 'must be a four-digit school code',
    });
  });

  it('requires a schoolName for a teacher applicant', () => {
    const body = validApplication('ILDZ');
    body.applicant = { kind: 'teacher', districtName: 'Prairie Valley R-II', countyDistrictCode: '010-090' };
    expect(fieldErrors(body)).toContainEqual({ field: 'applicant.schoolName', message: 'is required' });
  });

  it('refuses an ILDZ applicant kind other than district, school or teacher', () => {
    const body = validApplication('ILDZ');
    body.applicant.kind = 'organization';
    expect(fieldErrors(body)).toContainEqual({
      field: 'applicant.kind',
      message: 'must have kind district, school or teacher',
    });
  });
});

describe('CNZ rules', () => {
  it('refuses an alternate who is the representative', () => {
    const body = validApplication('CNZ');
    body.alternate = { ...body.representative };
    expect(fieldErrors(body)).toEqual([{ field: 'alternate.email', message: 'must differ from the representative' }]);
  });

  it('compares representative and alternate emails without regard to case', () => {
    const body = validApplication('CNZ');
    body.alternate.email = 'LEE.PARK@showme.example.com';
    expect(fieldErrors(body)).toEqual([{ field: 'alternate.email', message: 'must differ from the representative' }]);
  });

  it('requires both a representative and an alternate', () => {
    const body = validApplication('CNZ');
    delete body.alternate;
    delete body.representative;
    const errors = fieldErrors(body);
    expect(errors).toContainEqual({ field: 'representative', message: 'is required' });
    expect(errors).toContainEqual({ field: 'alternate', message: 'is required' });
  });

  it('refuses an organization type outside the four CNZ kinds', () => {
    const body = validApplication('CNZ');
    body.applicant.organizationType = 'school_district';
    expect(fieldsOf(body)).toEqual(['applicant.organizationType']);
  });

  it('refuses a CNZ applicant that is not an organization', () => {
    const body = validApplication('CNZ');
    body.applicant.kind = 'district';
    expect(fieldErrors(body)).toContainEqual({
      field: 'applicant.kind',
      message: 'must be organization: the Collaborative Network Zone is for organizations',
    });
  });
});

describe('the self-assessment rates all eight CBL elements exactly once', () => {
  it.each(ZONES)('%s: refuses a self-assessment with an element missing', (zone) => {
    const body = validApplication(zone);
    body.selfAssessment = body.selfAssessment.filter((item: { element: number }) => item.element !== 5);
    expect(fieldErrors(body)).toContainEqual({ field: 'selfAssessment', message: 'must rate all 8 CBL elements' });
  });

  it('refuses an element rated twice (and so another left out), naming the duplicate', () => {
    const body = validApplication('SDZ');
    body.selfAssessment[6].element = 2;
    expect(fieldErrors(body)).toEqual([{ field: 'selfAssessment.6.element', message: 'element 2 is rated twice' }]);
  });

  it('refuses nine items even when they include all eight elements', () => {
    const body = validApplication('SDZ');
    body.selfAssessment.push({ ...body.selfAssessment[0] });
    expect(fieldsOf(body)).toContain('selfAssessment');
  });

  it.each([9, 0, 2.5])('refuses element %s', (element) => {
    const body = validApplication('ILDZ');
    body.selfAssessment[7].element = element;
    expect(fieldsOf(body)).toContain('selfAssessment.7.element');
  });

  it('refuses a rating outside the implementation scale', () => {
    const body = validApplication('SDZ');
    body.selfAssessment[3].rating = 'excellent';
    expect(fieldsOf(body)).toEqual(['selfAssessment.3.rating']);
  });

  it('accepts the elements in any order', () => {
    const body = validApplication('CNZ');
    body.selfAssessment.reverse();
    expect(fieldErrors(body)).toEqual([]);
  });

  it('refuses a missing self-assessment with "is required"', () => {
    const body = validApplication('SDZ');
    delete body.selfAssessment;
    expect(fieldErrors(body)).toEqual([{ field: 'selfAssessment', message: 'is required' }]);
  });
});

describe('commitments', () => {
  it.each(ZONES)('%s: refuses commitmentsAcknowledged = false', (zone) => {
    const body = validApplication(zone);
    body.commitmentsAcknowledged = false;
    expect(fieldErrors(body)).toEqual([
      {
        field: 'commitmentsAcknowledged',
        message: "must be true: submitting the application is agreement to the zone's commitments",
      },
    ]);
  });

  it('refuses a missing commitmentsAcknowledged', () => {
    const body = validApplication('SDZ');
    delete body.commitmentsAcknowledged;
    expect(fieldsOf(body)).toEqual(['commitmentsAcknowledged']);
  });

  it('refuses the string "true" for commitmentsAcknowledged', () => {
    const body = validApplication('SDZ');
    body.commitmentsAcknowledged = 'true';
    expect(fieldsOf(body)).toEqual(['commitmentsAcknowledged']);
  });
});

describe('county-district code', () => {
  it.each(['096-104', '000-000', '115-901'])('accepts %s', (code) => {
    const body = validApplication('SDZ');
    body.applicant.countyDistrictCode = code;
    expect(fieldErrors(body)).toEqual([]);
  });

  it.each(['96-104', '096104', '096-1044', 'abc-def', ' 096-104', '096-104\n'])('refuses %j', (code) => {
    const body = validApplication('SDZ');
    body.applicant.countyDistrictCode = code;
    expect(fieldErrors(body)).toEqual([
      { field: 'applicant.countyDistrictCode', message: 'must be a Missouri county-district code like 096-092' },
    ]);
  });

  it('checks the code of an ILDZ school too', () => {
    const body = validApplication('ILDZ');
    body.applicant.countyDistrictCode = '10-90';
    expect(fieldsOf(body)).toEqual(['applicant.countyDistrictCode']);
  });
});

describe('missing fields and field errors', () => {
  it.each([
    ['SDZ', 'contact'],
    ['SDZ', 'contact.name'],
    ['SDZ', 'contact.email'],
    ['SDZ', 'applicant.name'],
    ['SDZ', 'applicant.countyDistrictCode'],
    ['SDZ', 'cohort'],
    ['ILDZ', 'superintendentApproval.superintendent.email'],
    ['ILDZ', 'applicant.districtName'],
    ['CNZ', 'representative.title'],
    ['CNZ', 'applicant.organizationType'],
    ['SDZ', 'applicant.districtType'],
    ['SDZ', 'selfAssessment.0.rating'],
    ['SDZ', 'evidenceOfPractice.cblPractices.status'],
  ] as const)('%s: a missing %s gives "is required"', (zone, field) => {
    const body = validApplication(zone);
    deletePath(body, field);
    expect(fieldErrors(body)).toContainEqual({ field, message: 'is required' });
  });

  it('does not say "is required" for a present value of the wrong type', () => {
    const body = validApplication('SDZ');
    body.contact.name = 42;
    const errors = fieldErrors(body).filter((error) => error.field === 'contact.name');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).not.toBe('is required');
  });

  it('reports the phone as optional: leaving it out is fine', () => {
    const body = validApplication('SDZ');
    delete body.contact.phone;
    expect(fieldErrors(body)).toEqual([]);
  });

  it('refuses an unknown cohort', () => {
    const body = validApplication('SDZ');
    body.cohort = '2021-2022';
    expect(fieldsOf(body)).toEqual(['cohort']);
  });

  it('lists one error per field, each named by its dotted path', () => {
    const body = validApplication('SDZ');
    body.contact.email = 'not-an-email';
    body.selfAssessment[3].rating = 'great';
    body.extra = 1;
    body.contact.nickname = 'D';
    const errors = fieldErrors(body);
    expect(errors.map((error) => error.field).sort()).toEqual([
      'contact.email',
      'contact.nickname',
      'extra',
      'selfAssessment.3.rating',
    ]);
    expect(errors).toContainEqual({ field: 'contact.email', message: 'must be an email address' });
    expect(errors.every((error) => typeof error.message === 'string' && error.message.length > 0)).toBe(true);
  });

  it('names each of several unknown keys separately', () => {
    const body = validApplication('SDZ');
    body.a = 1;
    body.b = 2;
    expect(fieldErrors(body)).toEqual([
      { field: 'a', message: 'is not an allowed field' },
      { field: 'b', message: 'is not an allowed field' },
    ]);
  });
});

describe('applicant identity', () => {
  it('keys a district by its county-district code', () => {
    expect(applicantKey(parsed(validApplication('SDZ')))).toBe('district:096-104');
  });

  it('keys a school by county-district code and school code', () => {
    expect(applicantKey(parsed(validApplication('ILDZ')))).toBe('school:010-090:1050');
  });

  it('keys a teacher by county-district code and (lower-cased) contact email', () => {
    const body = validApplication('ILDZ');
    body.applicant = {
      kind: 'teacher',
      schoolName: 'Prairie View Elementary',
      districtName: 'Prairie Valley R-II',
      countyDistrictCode: '010-090',
    };
    body.contact.email = 'Sam.Ortega@Prairie.example.org';
    expect(applicantKey(parsed(body))).toBe('teacher:010-090:sam.ortega@prairie.example.org');
  });

  it('keys an organization by its name, normalized for case and punctuation', () => {
    expect(applicantKey(parsed(validApplication('CNZ')))).toBe('organization:show me manufacturing partners');
    const variants = [
      'SHOW-ME MANUFACTURING PARTNERS',
      'Show Me Manufacturing Partners.',
      '  show-me, manufacturing   partners!  ',
      'Show–Me Manufacturing Partners',
    ];
    for (const name of variants) {
      const body = validApplication('CNZ');
      body.applicant.name = name;
      expect(applicantKey(parsed(body)), name).toBe('organization:show me manufacturing partners');
    }
  });

  it('gives organizations whose names differ only in non-ASCII letters different keys', () => {
    const first = validApplication('CNZ');
    first.applicant.name = 'Éxito Learning Partners';
    const second = validApplication('CNZ');
    second.applicant.name = 'Ñxito Learning Partners';
    expect(applicantKey(parsed(first))).not.toBe(applicantKey(parsed(second)));
  });

  it('never gives an organization an empty name key, even for a name in a non-Latin script', () => {
    const body = validApplication('CNZ');
    body.applicant.name = 'Образование Партнеры';
    const key = applicantKey(parsed(body));
    expect(key.length).toBeGreaterThan('organization:'.length);
    const other = validApplication('CNZ');
    other.applicant.name = '教育伙伴';
    expect(applicantKey(parsed(other))).not.toBe(key);
  });

  it('refuses an applicant name without a letter or digit, which would key every such organization alike', () => {
    const punctuation = validApplication('CNZ');
    punctuation.applicant.name = '!!!';
    const district = validApplication('SDZ');
    district.applicant.name = '— · —';

    expect(fieldErrors(punctuation)).toEqual([{ field: 'applicant.name', message: 'must contain a letter or digit' }]);
    expect(fieldErrors(district)).toEqual([{ field: 'applicant.name', message: 'must contain a letter or digit' }]);
  });

  it('refuses an organization name that NFKD spells out beyond what an applicant key may hold, in UTF-8 bytes', () => {
    const body = validApplication('CNZ');
    // 200 characters, within the limit as typed; each U+FDFA spells out as 18 characters (33 bytes).
    body.applicant.name = '\uFDFA'.repeat(200);
    const nearTheLimit = validApplication('CNZ');
    nearTheLimit.applicant.name = '\uFDFA'.repeat(30);

    expect(fieldErrors(body)).toEqual([
      {
        field: 'applicant.name',
        message: 'must be at most 1024 bytes with ligatures and other compatibility characters spelled out',
      },
    ]);
    expect(Buffer.byteLength(applicantKey(parsed(nearTheLimit)))).toBeLessThanOrEqual(MAX_APPLICANT_KEY_BYTES);
  });

  it('takes exactly the kinds of applicant the domain lets apply to each zone', () => {
    const kindsOf = (schema: { shape: { applicant: { _zod: { propValues?: Record<string, Set<unknown>> } } } }) => [
      ...(schema.shape.applicant._zod.propValues?.kind ?? []),
    ];

    expect({
      SDZ: kindsOf(sdzApplicationSchema),
      ILDZ: kindsOf(ildzApplicationSchema),
      CNZ: kindsOf(cnzApplicationSchema),
    }).toEqual(APPLICANT_KINDS_OF_ZONE);
  });

  it('derives the same application id from the same application, every time', () => {
    const first = applicationIdFor(parsed(validApplication('SDZ')));
    const second = applicationIdFor(parsed(validApplication('SDZ')));
    expect(first).toBe(second);
    expect(first).toMatch(/^sdz-2022-2023-[0-9a-f]{12}$/);
  });

  it('derives ids that the ApplicationSubmitted event accepts, for every zone', () => {
    for (const zone of ZONES) {
      const applicationId = applicationIdFor(parsed(validApplication(zone)));
      expect(ApplicationSubmitted.detail.shape.applicationId.safeParse(applicationId).success, applicationId).toBe(
        true,
      );
    }
  });

  it('derives the same id whatever the non-identifying fields say (a duplicate collides)', () => {
    const body = validApplication('SDZ');
    body.contact.name = 'Someone Else';
    body.selfAssessment[0].rating = 'sustaining';
    expect(applicationIdFor(parsed(body))).toBe(applicationIdFor(parsed(validApplication('SDZ'))));
  });

  it('derives a different id for another zone with the same applicant', () => {
    const sdz = parsed(validApplication('SDZ'));
    const ildz = validApplication('ILDZ');
    ildz.applicant = { kind: 'district', name: 'Lindbergh Schools', countyDistrictCode: '096-104' };
    const ildzApplication = parsed(ildz);
    expect(applicantKey(ildzApplication)).toBe(applicantKey(sdz));
    expect(applicationIdFor(ildzApplication)).not.toBe(applicationIdFor(sdz));
    expect(applicationIdFor(ildzApplication).startsWith('ildz-2022-2023-')).toBe(true);
  });

  it('derives a different id for another cohort with the same applicant', () => {
    const application = parsed(validApplication('SDZ'));
    const nextCohort = { ...application, cohort: '2023-2024' } as unknown as Application;
    expect(applicationIdFor(nextCohort)).not.toBe(applicationIdFor(application));
    expect(applicationIdFor(nextCohort).startsWith('sdz-2023-2024-')).toBe(true);
  });

  it('derives a different id for another applicant in the same zone and cohort', () => {
    const other = validApplication('SDZ');
    other.applicant.countyDistrictCode = '096-092';
    expect(applicationIdFor(parsed(other))).not.toBe(applicationIdFor(parsed(validApplication('SDZ'))));
  });

  it('derives different ids for a school and a teacher of the same district', () => {
    const school = parsed(validApplication('ILDZ'));
    const teacherBody = validApplication('ILDZ');
    teacherBody.applicant = {
      kind: 'teacher',
      schoolName: 'Prairie View Elementary',
      districtName: 'Prairie Valley R-II',
      countyDistrictCode: '010-090',
    };
    expect(applicationIdFor(parsed(teacherBody))).not.toBe(applicationIdFor(school));
  });
});
