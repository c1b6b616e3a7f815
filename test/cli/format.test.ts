import { expect, describe as group, it } from 'vitest';
import { ApiError } from '../../cli/api-client.ts';
import { applicationView, auditTable, queueTable } from '../../cli/commands.ts';
import { cell, centralTime, describe, outline, shortened, table } from '../../cli/format.ts';
import { apiErrorLines } from '../../cli/main.ts';
import { centralSpan } from '../../cli/participation-commands.ts';
import { validApplication } from '../fixtures/applications.ts';

group('times in Central time', () => {
  it('shows an instant as Central wall-clock time with CDT or CST, right on both sides of each DST change', () => {
    expect(centralTime('2022-10-12T15:00:00Z')).toBe('2022-10-12 10:00 CDT');
    expect(centralTime('2022-11-06T06:59:00Z')).toBe('2022-11-06 01:59 CDT');
    expect(centralTime('2022-11-06T07:00:00Z')).toBe('2022-11-06 01:00 CST');
    expect(centralTime('2022-11-09T16:00:00.000Z')).toBe('2022-11-09 10:00 CST');
    expect(centralTime('2023-03-08T16:00:00Z')).toBe('2023-03-08 10:00 CST');
    expect(centralTime('2023-04-12T15:00:00Z')).toBe('2023-04-12 10:00 CDT');
    expect(centralTime('2022-09-10T05:00:00Z')).toBe('2022-09-10 00:00 CDT');
  });

  it('shows a session span on one line in Central time, both instants in full when it spans a day or a DST change', () => {
    expect(centralSpan('2023-01-18T19:00:00.000Z', '2023-01-18T21:00:00.000Z')).toBe('2023-01-18 13:00-15:00 CST');
    expect(centralSpan('2022-10-12T15:00:00Z', '2022-10-12T17:00:00Z')).toBe('2022-10-12 10:00-12:00 CDT');
    expect(centralSpan('2022-11-06T06:30:00Z', '2022-11-06T07:30:00Z')).toBe(
      '2022-11-06 01:30 CDT - 2022-11-06 01:30 CST',
    );
    expect(centralSpan('2022-10-13T04:00:00Z', '2022-10-13T06:00:00Z')).toBe(
      '2022-10-12 23:00 CDT - 2022-10-13 01:00 CDT',
    );
    expect(centralSpan('2022-10-12', '2022-10-12T17:00:00Z')).toBeNull();
  });

  it('leaves what is not an instant alone', () => {
    expect(centralTime('2022-09-20')).toBe('2022-09-20');
    expect(cell('2022-09-20')).toBe('2022-09-20');
    expect(cell('2022-13-45T99:00:00Z')).toBe('2022-13-45T99:00:00Z');
  });
});

group('tables', () => {
  it('aligns columns by characters, accented names included, with no trailing blanks', () => {
    const rows = [
      { id: 'a', name: 'École Saint-Louis', n: 1 },
      { id: 'bb', name: 'Lindbergh', n: 10 },
    ];
    expect(
      table(rows, [
        { header: 'id', value: (row) => row.id },
        { header: 'name', value: (row) => row.name },
        { header: 'n', value: (row) => row.n },
      ]),
    ).toBe(['ID  NAME               N', 'a   École Saint-Louis  1', 'bb  Lindbergh          10'].join('\n'));
  });

  it('shows the review queue: id, applicant, status, decision, submitted in Central time, version', () => {
    const output = queueTable([
      {
        applicationId: 'sdz-2022-2023-0453ba3b856e',
        applicant: 'Lindbergh Schools',
        status: 'selected',
        decision: 'selected',
        submittedAt: '2022-09-01T15:00:00.000Z',
        version: 2,
      },
      {
        applicationId: 'sdz-2022-2023-2a2e00789eac',
        applicant: 'Affton',
        status: 'submitted',
        decision: null,
        submittedAt: '2022-09-09T23:30:00.000Z',
        version: 1,
      },
    ]);
    expect(output).toBe(
      [
        'ID                          APPLICANT          STATUS     DECISION  SUBMITTED (CENTRAL)   VERSION',
        'sdz-2022-2023-0453ba3b856e  Lindbergh Schools  selected   selected  2022-09-01 10:00 CDT  2',
        'sdz-2022-2023-2a2e00789eac  Affton             submitted  -         2022-09-09 18:30 CDT  1',
      ].join('\n'),
    );
  });

  it('shows the audit trail with details as key=value pairs', () => {
    expect(
      auditTable([
        {
          at: '2022-09-12T16:00:00.000Z',
          actor: 'dev-facilitator-2',
          action: 'review-recorded',
          details: { decision: 'selected', previousDecision: null, version: 3 },
        },
        { at: '2022-12-01T15:00:00.000Z', actor: 'system', action: 'noted', details: {} },
      ]),
    ).toBe(
      [
        'WHEN (CENTRAL)        WHO                ACTION           DETAILS',
        '2022-09-12 11:00 CDT  dev-facilitator-2  review-recorded  decision=selected previousDecision=- version=3',
        '2022-12-01 09:00 CST  system             noted            -',
      ].join('\n'),
    );
  });

  it('escapes control characters and bidirectional overrides that came from applicants, so they cannot drive the terminal', () => {
    expect(cell('Evil\u001b[2J District\u202e')).toBe('Evil\\u001b[2J District\\u202e');
    expect(cell('two\r\nlines\tand tab')).toBe('two lines and tab');
    const output = table([{ name: 'a\u0007b' }], [{ header: 'name', value: (row) => row.name }]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters left unescaped.
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

group('shortened', () => {
  it('keeps a value of up to 70 characters, on one line, and cuts a longer one with an ellipsis', () => {
    expect(shortened('a\nb')).toBe('a b');
    expect(shortened('x'.repeat(70))).toBe('x'.repeat(70));
    expect(shortened('x'.repeat(71))).toBe(`${'x'.repeat(69)}…`);
    // No blank before the ellipsis where the cut falls after a word.
    expect(shortened(`${'x'.repeat(68)} yy`)).toBe(`${'x'.repeat(68)}…`);
  });
});

group('bodies without a dedicated view', () => {
  it('prints scalars as aligned lines and each list of objects as a table under its name', () => {
    const output = describe(
      {
        cohort: '2022-2023',
        scheduledAt: '2022-09-15T14:00:00.000Z',
        release: null,
        results: [
          { applicationId: 'sdz-1', subject: 'Selected', to: ['a@x.org'], cc: [], rollover: { policy: 'accept' } },
        ],
        undecided: [],
      },
      ['applicationId', 'to', 'cc', 'subject'],
    );
    expect(output).toBe(
      [
        'cohort        2022-2023',
        'scheduled at  2022-09-15 09:00 CDT',
        'release       -',
        'undecided     -',
        '',
        'results (1):',
        '  APPLICATION ID  TO       CC  SUBJECT   ROLLOVER',
        '  sdz-1           a@x.org  -   Selected  policy=accept',
      ].join('\n'),
    );
  });

  it('outlines a nested application, keeping the line breaks of narratives', () => {
    expect(
      outline(
        { contact: { name: 'Dana' }, selfAssessment: [{ element: 1, narrative: 'one\ntwo' }], tags: ['a', 'b'] },
        1,
      ),
    ).toBe(
      [
        '  contact:',
        '    name: Dana',
        '  self assessment:',
        '    - element: 1',
        '      narrative:',
        '        one',
        '        two',
        '  tags: a, b',
      ].join('\n'),
    );
  });
});

group('the application view', () => {
  it('shows the applicant, review, result and resolution state, then the application and its audit trail', () => {
    const output = applicationView({
      applicationId: 'sdz-2022-2023-0453ba3b856e',
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      status: 'selected',
      version: 3,
      submittedAt: '2022-09-01T15:00:00.000Z',
      application: validApplication('SDZ'),
      review: {
        decision: 'selected',
        reviewedBy: 'dev-facilitator',
        reviewedAt: '2022-09-12T16:00:00.000Z',
        notes: 'Strong.\nSecond line.',
        scores: { elements: { 1: 3, 2: 4 }, evidence: { cblPractices: 4 } },
      },
      resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:00.000Z', corrections: 0 },
      audit: [{ at: '2022-09-01T15:00:00.000Z', actor: 'applicant', action: 'submitted', details: { zone: 'SDZ' } }],
    });
    expect(output).toContain(
      [
        'applicant         Lindbergh Schools',
        'applicant key     district:096-104',
        'zone              System Design Zone (SDZ)',
        'cohort            2022-2023',
        'status            selected',
        'version           3',
        'submitted         2022-09-01 10:00 CDT',
        'decision          selected',
        'reviewed          dev-facilitator, 2022-09-12 11:00 CDT',
        'element scores    1=3 2=4',
        'evidence scores   cblPractices=4',
        'result sent       selected, 2022-09-15 09:00 CDT',
        'board resolution  not recorded',
        '',
        'Review notes:',
        '  Strong.',
        '  Second line.',
      ].join('\n'),
    );
    expect(output).toMatch(
      /\nApplication as submitted:\n( {2}.*\n)* {2}applicant:\n {4}kind: district\n {4}name: Lindbergh Schools\n/,
    );
    expect(output).toMatch(
      /\nAudit trail:\n {2}WHEN \(CENTRAL\) +WHO +ACTION +DETAILS\n {2}2022-09-01 10:00 CDT +applicant +submitted +zone=SDZ$/,
    );
  });
});

group('API refusals', () => {
  const lines = (status: number, body: unknown, context: Partial<Parameters<typeof apiErrorLines>[1]> = {}) =>
    apiErrorLines(new ApiError('PUT', '/facilitator/applications/x/review', status, body), {
      command: 'decide',
      local: true,
      ...context,
    });

  it("prints the API's message and code, each field error and the other details", () => {
    expect(
      lines(400, {
        error: 'ValidationError',
        message: 'The request is invalid: see errors for each field.',
        errors: [
          { field: 'scores.elements.8', message: 'Too big' },
          { field: 'decision', message: 'is required' },
        ],
      }),
    ).toEqual([
      'srsn decide: The request is invalid: see errors for each field. (HTTP 400 ValidationError)',
      '  scores.elements.8: Too big',
      '  decision: is required',
    ]);
  });

  it('says how to recover from a version conflict', () => {
    expect(
      lines(
        409,
        {
          error: 'VersionConflict',
          message: 'The application changed since you read it; read it again and retry.',
          currentVersion: 4,
        },
        { applicationId: 'sdz-2022-2023-0453ba3b856e' },
      ),
    ).toEqual([
      'srsn decide: The application changed since you read it; read it again and retry. (HTTP 409 VersionConflict)',
      '  current version: 4',
      'Someone changed the application since that version. See what changed with: srsn show ' +
        'sdz-2022-2023-0453ba3b856e; if your decision still stands, run the command again with the --version it shows.',
    ]);
    // resolution still reads the current version itself when --version is absent.
    expect(
      lines(
        409,
        { error: 'VersionConflict', message: 'The application changed since you read it; read it again and retry.' },
        { command: 'resolution', applicationId: 'sdz-2022-2023-0453ba3b856e' },
      ).at(-1),
    ).toBe(
      'Someone changed the application since that version. See what changed with: srsn show ' +
        'sdz-2022-2023-0453ba3b856e; then run the command again (without --version the CLI reads the current version ' +
        'itself).',
    );
  });

  it('says a --version ahead of the stored one does not exist yet, rather than that someone changed it', () => {
    const conflict = {
      error: 'VersionConflict',
      message: 'The application changed since you read it; read it again and retry.',
      currentVersion: 1,
    };
    expect(lines(409, conflict, { applicationId: 'sdz-2022-2023-0453ba3b856e', versionGiven: 9 }).at(-1)).toBe(
      'The application is at version 1: version 9 (--version) does not exist yet. See it with: srsn show ' +
        'sdz-2022-2023-0453ba3b856e; then run the command again with --version 1.',
    );
    expect(
      lines(409, conflict, {
        command: 'resolution',
        applicationId: 'sdz-2022-2023-0453ba3b856e',
        versionGiven: 9,
      }).at(-1),
    ).toMatch(
      /does not exist yet\. .* with --version 1, or without --version \(the CLI reads the current version itself\)\.$/,
    );
    // Behind the stored one: someone did change it.
    expect(lines(409, conflict, { applicationId: 'sdz-2022-2023-0453ba3b856e', versionGiven: 0 }).at(-1)).toMatch(
      /^Someone changed the application since that version\./,
    );
  });

  it('tells a rejected token locally from an expired Cognito token, and a missing group from both', () => {
    expect(lines(401, { message: 'Unauthorized' }).at(-1)).toBe(
      'The API did not accept the token. The local runtime accepts dev-facilitator (the default) and ' +
        'dev-facilitator-2.',
    );
    expect(lines(401, { message: 'Unauthorized' }, { local: false }).at(-1)).toMatch(
      /^The API did not accept the token\. Cognito ID tokens last one hour/,
    );
    expect(lines(403, { error: 'Forbidden', message: 'Only facilitators may use this route.' })).toEqual([
      'srsn decide: Only facilitators may use this route. (HTTP 403 Forbidden)',
      "The token is valid, but its user is not in the Cognito group 'facilitators'.",
    ]);
  });

  it('tells a route the API does not have from an application it does not have', () => {
    expect(lines(404, { message: 'Not Found' }).at(-1)).toBe(
      'This API has no route PUT /facilitator/applications/x/review: is it an older deployment than this CLI?',
    );
    expect(lines(404, { error: 'NotFound', message: 'No application sdz-2022-2023-000000000000.' })).toEqual([
      'srsn decide: No application sdz-2022-2023-000000000000. (HTTP 404 NotFound)',
    ]);
  });

  it('shows the start of a body that is not JSON, escaped', () => {
    expect(lines(502, '<html>Bad \u001b gateway</html>')).toEqual([
      'srsn decide: <html>Bad \\u001b gateway</html> (HTTP 502)',
    ]);
  });
});
