/**
 * The data every cold-start run starts from: a small season built by the system itself on
 * the embedded local runtime (invitees, three applications, a clarification, reviews, the
 * SDZ release, a roster), then read out of its table. Each run gets this table back, so
 * every run of a function does the same work.
 */
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { applicantSecret } from '../../../shared/applicant-links/secret.ts';
import { validApplication } from '../../fixtures/applications.ts';
import { RuntimeHarness } from '../../support/local-runtime.ts';

export type Item = Record<string, AttributeValue>;

export interface Seed {
  /** The table's items, ledger entries left out (see below). */
  readonly items: Item[];
  readonly cohort: '2022-2023';
  /** Selected and released SDZ district, with a roster and an open clarification. */
  readonly sdz: {
    readonly applicationId: string;
    readonly version: number;
    readonly contactEmail: string;
    readonly clarificationId: string;
    readonly rosterVersion: number;
  };
  /** Selected ILDZ school, its zone not released yet. */
  readonly ildz: { readonly applicationId: string };
  /** The applicant-link key the data was made with (the functions need it to check secrets). */
  readonly applicantLinkKey: string;
}

const COHORT = '2022-2023';
const SDZ_SCORES = {
  elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
  evidence: { cblPractices: 4, dataForSystemChange: 3, assessmentForLearning: 2, professionalLearning: 3 },
};
const ILDZ_SCORES = { elements: SDZ_SCORES.elements };
// Each row ends with CRLF, the last one too.
const INVITEES_CSV = [
  'kind,organization,county_district_code,contact_name,contact_email,zone_interest',
  'district,Holden R-III,048-906,Jo Baker,jo.baker@holden.example.org,SDZ',
  'district,Kingsville R-I,048-907,Max Hill,max.hill@kingsville.example.org,ILDZ',
  'district,Warrensburg R-VI,048-908,Ada Cole,ada.cole@warrensburg.example.org,',
  'partner,Show-Me Business Partners,,Emery Diaz,emery.diaz@showme.example.com,CNZ',
]
  .map((row) => `${row}\r\n`)
  .join('');

function expectStatus(step: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status)
    throw new Error(
      `Seeding the cold-start data: ${step} answered ${response.status}, not ${status}: ` +
        `${JSON.stringify(response.body)}`,
    );
}

/**
 * Ledger entries (NOTIFICATION#...) record which emails went out; without them each email
 * of the seeded season is still due, so a run of a sending function really sends.
 */
const isLedgerEntry = (item: Item) => item.pk?.S?.startsWith('NOTIFICATION#') === true;

async function scan(endpoint: string, tableName: string): Promise<Item[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}

/** Builds the seed on a local runtime in this process (in memory), then stops it. */
export async function buildSeed(): Promise<Seed> {
  const harness = await RuntimeHarness.start();
  try {
    await harness.setClock('2022-08-19T13:30:00Z');
    const imported = await harness.request('POST', `/facilitator/invitees?cohort=${COHORT}`, INVITEES_CSV, {
      'content-type': 'text/csv',
      authorization: 'Bearer dev-facilitator',
    });
    expectStatus('the invitee import', imported, 200);
    await harness.runtime.bus.whenIdle();

    await harness.setClock('2022-09-01T15:00:00Z');
    const sdzBody = validApplication('SDZ');
    const sdz = await harness.submit(sdzBody);
    expectStatus('the SDZ submission', sdz, 201);
    const ildz = await harness.submit(validApplication('ILDZ'));
    expectStatus('the ILDZ submission', ildz, 201);
    expectStatus('the CNZ submission', await harness.submit(validApplication('CNZ')), 201);
    const sdzId = sdz.body.applicationId as string;
    const ildzId = ildz.body.applicationId as string;

    const asked = await harness.asFacilitator('POST', `/facilitator/applications/${sdzId}/clarifications`, {
      question: 'Which schools take part in the pilot?',
    });
    expectStatus('the clarification', asked, 201);

    await harness.setClock('2022-09-13T15:00:00Z');
    for (const [applicationId, scores] of [
      [sdzId, SDZ_SCORES],
      [ildzId, ILDZ_SCORES],
    ] as const) {
      const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
      expectStatus('reading an application', current, 200);
      const decided = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
        expectedVersion: current.body.version,
        decision: 'selected',
        notes: '',
        scores,
      });
      expectStatus('a review', decided, 200);
    }
    await harness.setClock('2022-09-15T14:00:00Z');

    const applicantLinkKey = process.env.APPLICANT_LINK_KEY;
    if (!applicantLinkKey) throw new Error('The local runtime set no APPLICANT_LINK_KEY');
    const secret = applicantSecret(Buffer.from(applicantLinkKey, 'utf8'), sdzId);
    const person = (name: string, email: string) => ({ name, title: 'Instructional Coach', email });
    const roster = await harness.request('PUT', `/applications/${sdzId}/roster`, {
      secret,
      leadFacilitators: [
        person('Ana Brooks', 'ana.brooks@lindbergh.example.org'),
        person('Ben Carter', 'ben.carter@lindbergh.example.org'),
      ],
    });
    expectStatus('the roster', roster, 200);
    await harness.runtime.bus.whenIdle();

    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    expectStatus('reading the SDZ application', detail, 200);
    const items = (await scan(harness.runtime.urls.dynamodb, harness.runtime.tableName)).filter(
      (item) => !isLedgerEntry(item),
    );
    return {
      items,
      cohort: COHORT,
      sdz: {
        applicationId: sdzId,
        version: detail.body.version as number,
        contactEmail: sdzBody.contact.email as string,
        clarificationId: asked.body.clarificationId as string,
        rosterVersion: roster.body.version as number,
      },
      ildz: { applicationId: ildzId },
      applicantLinkKey,
    };
  } finally {
    await harness.stop();
  }
}
