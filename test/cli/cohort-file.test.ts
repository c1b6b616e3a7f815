import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionText, formatOf, readDefinitionFile, writeDefinitionFile } from '../../cli/cohort-file.ts';
import { UsageError } from '../../cli/command-line.ts';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'srsn-cohort-file-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** The UsageError message reading the file gives. */
async function refusal(path: string): Promise<string> {
  const error = await readDefinitionFile(path, '--file').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

const YAML = [
  'id: 2027-2028',
  'name: Cohort 9',
  'zones:',
  '  CNZ:',
  '    opens: 2027-08-20',
  '    due: 2027-10-08',
  'informationalMeetings:',
  '  - title: First',
  '    start: 10:00',
  '  - title: Second',
  '    joinUrl: http://zoom.example.org/j/1',
  '',
].join('\n');

describe('reading a definition file', () => {
  it('reads YAML 1.2: dates, times and ids stay text, and each value’s line is known', async () => {
    const file = await readDefinitionFile(await fileWith('next.yaml', YAML), '--file');
    expect(file.definition).toEqual({
      id: '2027-2028',
      name: 'Cohort 9',
      zones: { CNZ: { opens: '2027-08-20', due: '2027-10-08' } },
      informationalMeetings: [
        { title: 'First', start: '10:00' },
        { title: 'Second', joinUrl: 'http://zoom.example.org/j/1' },
      ],
    });
    expect(file.lineOf('zones.CNZ.due')).toBe(6);
    expect(file.lineOf('informationalMeetings.1.joinUrl')).toBe(11);
    expect(file.lineOf('rollover.policy')).toBeUndefined();
  });

  it('reads JSON, and finds the lines of its values too', async () => {
    const text = JSON.stringify({ id: '2027-2028', zones: { CNZ: { due: '2027-10-08' } } }, null, 2);
    const file = await readDefinitionFile(await fileWith('next.json', text), '--file');
    expect(file.definition).toEqual({ id: '2027-2028', zones: { CNZ: { due: '2027-10-08' } } });
    expect(file.lineOf('zones.CNZ.due')).toBe(5);
  });

  it('names the file and the line of a YAML syntax error', async () => {
    const path = await fileWith('broken.yaml', 'id: 2027-2028\nname: Cohort 9\nzones: [SDZ,\nname: again\n');
    expect(await refusal(path)).toMatch(new RegExp(`^${path} line [34]: .+ \\(not valid YAML\\)$`));
  });

  it('names the line of the offending token, not the start of the value it runs on from', async () => {
    // Line 3 indented under line 2: yaml reports its first error where the name's value begins, on line 2.
    const path = await fileWith(
      'indented.yaml',
      'id: 2027-2028\nname: Innovation Zones Cohort 6, 2027-2028\n  timeZone: bad: yaml\ninvitationDate: 2027-08-20\n',
    );
    expect(await refusal(path)).toBe(
      `${path} line 3: Implicit keys need to be on a single line, read as continuing line 2 (not valid YAML)`,
    );
    const sameIndent = await fileWith('colon.yaml', 'id: 2027-2028\nname: Cohort 6\ntimeZone: bad: yaml\n');
    expect(await refusal(sameIndent)).toBe(
      `${sameIndent} line 3: Nested mappings are not allowed in compact mappings (not valid YAML)`,
    );
  });

  it('names the line of a key given twice in YAML', async () => {
    const path = await fileWith('twice.yml', 'id: 2027-2028\nname: A\nname: B\n');
    expect(await refusal(path)).toBe(`${path} line 3: Map keys must be unique (not valid YAML)`);
  });

  it('names the file, line and column of a JSON syntax error', async () => {
    const missingComma = await fileWith('comma.json', '{\n  "id": "2027-2028"\n  "name": "Cohort 9"\n}\n');
    expect(await refusal(missingComma)).toBe(
      `${missingComma} line 3, column 3: Expected ',' or '}' after property value (not valid JSON)`,
    );
    const cut = await fileWith('cut.json', '{\n  "id": "2027-2028",\n');
    expect(await refusal(cut)).toMatch(new RegExp(`^${cut} line 3`));
  });

  it('refuses a file it cannot read, an empty one, and a name that is neither JSON nor YAML', async () => {
    expect(await refusal(join(folder, 'absent.yaml'))).toBe(`cannot read ${join(folder, 'absent.yaml')} (ENOENT)`);
    const empty = await fileWith('empty.yaml', '# nothing yet\n');
    expect(await refusal(empty)).toBe(`${empty} is empty`);
    expect(() => formatOf('next.txt', '--file')).toThrow(
      "--file must name a .json, .yaml or .yml file, got 'next.txt'",
    );
    expect(formatOf('NEXT.YML', '--file')).toBe('yaml');
  });
});

describe('writing a definition file', () => {
  const definition = cohortDefinitionSchema.parse(cohort2022to2023);

  it('writes YAML and JSON that read back as the same definition', async () => {
    for (const format of ['yaml', 'json'] as const) {
      const path = join(folder, `round-trip.${format}`);
      await writeDefinitionFile(path, definitionText(definition, format));
      expect((await readDefinitionFile(path, '--file')).definition).toEqual(JSON.parse(JSON.stringify(definition)));
    }
  });

  it('leaves an existing file alone', async () => {
    const path = await fileWith('mine.yaml', 'id: 2027-2028\n');
    await expect(writeDefinitionFile(path, 'id: 2030-2031\n')).rejects.toThrow(
      `${path} exists already: name a new file, or remove it first`,
    );
    expect(await readFile(path, 'utf8')).toBe('id: 2027-2028\n');
  });
});
