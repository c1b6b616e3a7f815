/** How often the board resolution reminders come, in words: "every week", "every 10 days". */
export function cadence(everyDays: number): string {
  return everyDays === 7 ? 'every week' : `every ${everyDays} days`;
}
