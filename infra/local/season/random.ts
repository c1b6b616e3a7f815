import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { defined } from '../../defined.ts';

/** FNV-1a: turns a stream's name into 32 bits, so each concern draws from its own sequence. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * A seeded random stream (xoroshiro128+ from pure-rand). One stream per concern (`stream`
 * names it), so adding a draw to one concern never shifts the others: the same seed gives
 * the same season.
 */
export class SeededRandom {
  private readonly generator: RandomGenerator;

  constructor(seed: number, stream: string) {
    this.generator = xoroshiro128plus((seed ^ hash32(stream)) | 0);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** True with probability `probability` (to a millionth). */
  chance(probability: number): boolean {
    return this.int(0, 999_999) < Math.round(probability * 1_000_000);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    const index = this.int(0, items.length - 1);
    return defined(items[index], `item ${index} of ${items.length}`);
  }

  /** `count` distinct items in random order (a partial Fisher-Yates shuffle of a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const wanted = Math.min(count, copy.length);
    for (let index = 0; index < wanted; index += 1) {
      const other = this.int(index, copy.length - 1);
      const picked = defined(copy[other], `item ${other} of ${copy.length}`);
      copy[other] = defined(copy[index], `item ${index} of ${copy.length}`);
      copy[index] = picked;
    }
    return copy.slice(0, wanted);
  }
}
