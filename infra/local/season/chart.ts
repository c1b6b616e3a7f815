import { shiftDate } from './season-calendar.ts';

/** Emails per day: a bar for every calendar day from the first to the last (Central dates). */
export interface DailyCount {
  readonly day: string;
  readonly emails: number;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (character) => XML_ESCAPES[character] ?? character);

/** Every day from `from` to `to`, with the counts of the days that have some. */
export function everyDay(counts: ReadonlyMap<string, number>, from: string, to: string): DailyCount[] {
  const days: DailyCount[] = [];
  for (let day = from; day <= to; day = shiftDate(day, 1)) days.push({ day, emails: counts.get(day) ?? 0 });
  return days;
}

/** A round step for the y axis: 1, 2 or 5 times a power of ten, about five ticks. */
function tickStep(max: number): number {
  const rough = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  // rough < 10 * power: when 1, 2 and 5 times the power are too small, 10 times it is the step.
  return [1, 2, 5].map((factor) => factor * power).find((step) => step >= rough) ?? 10 * power;
}

/**
 * A bar chart of emails per day as a standalone SVG (no library: a few rects and labels),
 * with a month on the x axis and the busiest days labelled.
 */
export function emailsPerDaySvg(days: readonly DailyCount[], title: string): string {
  const width = 1100;
  const height = 420;
  const margin = { top: 40, right: 20, bottom: 50, left: 60 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...days.map((day) => day.emails));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const barWidth = plotWidth / Math.max(1, days.length);
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let value = 0; value <= top; value += step) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e4e7eb"/>`,
    );
    parts.push(`<text x="${margin.left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#52606d">${value}</text>`);
  }
  // The busiest days get their count written above the bar, a week apart at least so labels never overlap.
  const busiest = new Set<string>();
  const labelled: number[] = [];
  for (const [index, day] of [...days.entries()].sort(([, left], [, right]) => right.emails - left.emails)) {
    if (busiest.size >= 8 || day.emails === 0) break;
    if (labelled.some((other) => Math.abs(other - index) * barWidth < 70)) continue;
    busiest.add(day.day);
    labelled.push(index);
  }
  days.forEach((day, index) => {
    const x = margin.left + index * barWidth;
    if (day.emails > 0) {
      parts.push(
        `<rect x="${x.toFixed(2)}" y="${y(day.emails).toFixed(2)}" width="${Math.max(1, barWidth - 0.5).toFixed(2)}" ` +
          `height="${(margin.top + plotHeight - y(day.emails)).toFixed(2)}" fill="#2f6fb0"><title>${day.day}: ` +
          `${day.emails} emails</title></rect>`,
      );
    }
    if (busiest.has(day.day))
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(2)}" y="${(y(day.emails) - 4).toFixed(2)}" text-anchor="middle" ` +
          `fill="#1f2933" font-size="10">${day.day.slice(5)}: ${day.emails}</text>`,
      );
    if (day.day.endsWith('-01') || (index === 0 && Number(day.day.slice(8)) <= 15)) {
      parts.push(
        `<line x1="${x.toFixed(2)}" x2="${x.toFixed(2)}" y1="${margin.top + plotHeight}" ` +
          `y2="${margin.top + plotHeight + 5}" stroke="#52606d"/>`,
      );
      parts.push(
        `<text x="${(x + 2).toFixed(2)}" y="${margin.top + plotHeight + 18}" ` +
          `fill="#52606d">${day.day.slice(0, 7)}</text>`,
      );
    }
  });
  parts.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" ` +
      `y2="${margin.top + plotHeight}" stroke="#52606d"/>`,
  );
  parts.push(
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" fill="#52606d">day (America/Chicago)</text>`,
  );
  parts.push(
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" ` +
      `fill="#52606d">emails</text>`,
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The same counts as a mermaid xychart-beta block (the days that had emails, so it stays readable). */
export function emailsPerDayMermaid(days: readonly DailyCount[], title: string): string {
  const busy = days.filter((day) => day.emails > 0);
  const max = Math.max(1, ...busy.map((day) => day.emails));
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${title.replaceAll('"', "'")}"`,
    `    x-axis [${busy.map((day) => `"${day.day.slice(5)}"`).join(', ')}]`,
    `    y-axis "emails" 0 --> ${Math.ceil(max * 1.1)}`,
    `    bar [${busy.map((day) => day.emails).join(', ')}]`,
    '```',
  ].join('\n');
}
