import { describe, expect, it } from 'vitest';
import { sampleBoardResolution } from '../../shared/domain/board-resolution.ts';

describe('the sample board resolution', () => {
  it("names the 2022-2023 cohort's school year and, for accreditation, the next one", () => {
    const text = sampleBoardResolution('2022-2023');
    expect(text).toContain('SYSTEM DESIGN ZONE (SDZ), 2022-2023\n');
    expect(text).toContain('assessment for learning system (2022-2023) and accreditation system (2023-2024); and');
    expect(text).toContain('System Design Zone for the 2022-2023 school year; and');
    expect(text).toContain('System Design Zone for the 2022-2023 school year and the commitments listed above');
  });

  it("names a later cohort's own school years, and no other", () => {
    const text = sampleBoardResolution('2027-2028');
    expect(text).toContain('SYSTEM DESIGN ZONE (SDZ), 2027-2028\n');
    expect(text).toContain('assessment for learning system (2027-2028) and accreditation system (2028-2029); and');
    expect(text).toContain('System Design Zone for the 2027-2028 school year; and');
    expect(text).toContain('System Design Zone for the 2027-2028 school year and the commitments listed above');
    expect(text.match(/\d{4}-\d{4}/g)).toEqual(['2027-2028', '2027-2028', '2028-2029', '2027-2028', '2027-2028']);
  });
});
