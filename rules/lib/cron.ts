/**
 * CronJob schedules as the CronJob controller reads them (robfig/cron's standard parser): five fields
 * (minute, hour, day of month, month, day of week), or a descriptor (`@hourly`, `@daily`, `@every 5m`…).
 * The parser is linear in the length of the schedule: each comma-separated item marks at most 60 values.
 */

export interface CronSchedule {
  /** Minutes of the hour (0–59) at which the schedule fires. */
  minutes: readonly number[];
  /** Hours of the day (0–23) at which the schedule fires. */
  hours: readonly number[];
  /** For `@every <duration>`: the interval in seconds. */
  everySeconds?: number;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  min: number;
  max: number;
  names?: readonly string[];
  /** The first value that `names` maps to (1 for months, 0 for days). */
  nameBase?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  // robfig/cron accepts 7 for Sunday too.
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

/** Parses a schedule; undefined when it is not one the CronJob controller would accept (or is templated). */
export function parseCron(schedule: string): CronSchedule | undefined {
  let text = schedule.trim();
  // `CRON_TZ=Europe/Paris 0 * * * *`: the time zone does not change the period.
  const tz = /^(?:CRON_)?TZ=\S+\s+/.exec(text);
  if (tz) text = text.slice(tz[0].length);
  if (text.startsWith('@')) {
    const every = /^@every\s+(\S+)$/i.exec(text);
    if (every) {
      const seconds = parseGoDuration(every[1]!);
      return seconds !== undefined && seconds > 0 ? { minutes: [], hours: [], everySeconds: seconds } : undefined;
    }
    const expanded = DESCRIPTORS[text.toLowerCase()];
    if (!expanded) return undefined;
    text = expanded;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const sets: boolean[][] = [];
  for (let i = 0; i < 5; i++) {
    const set = parseField(fields[i]!, FIELDS[i]!);
    if (!set) return undefined;
    sets.push(set);
  }
  // Days and months only decide which days run; the period of a schedule that runs more than once a day
  // lies within the day, and one that runs at most once a day has a period of a day or more.
  const values = (set: boolean[]) => set.flatMap((on, value) => (on ? [value] : []));
  return { minutes: values(sets[0]!), hours: values(sets[1]!) };
}

/**
 * The shortest time between two runs, in seconds: the smallest gap between consecutive times of day,
 * counting the wrap from the last run of one day to the first of the next as if the next day ran too.
 * That bounds the true period from below, which is what a `startingDeadlineSeconds` "no longer than the
 * period" needs; a schedule that runs once a day gives a day.
 */
export function minPeriodSeconds(schedule: CronSchedule): number {
  if (schedule.everySeconds !== undefined) return schedule.everySeconds;
  const times: number[] = [];
  for (const hour of schedule.hours) for (const minute of schedule.minutes) times.push(hour * 60 + minute);
  if (times.length === 0) return 0;
  let gap = 24 * 60 - times[times.length - 1]! + times[0]!;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap * 60;
}

/** One field: `*`, `?`, `a`, `a-b`, with `/step`, comma-separated; names for months and days. */
function parseField(field: string, spec: FieldSpec): boolean[] | undefined {
  const set: boolean[] = new Array<boolean>(spec.max + 1).fill(false);
  if (field === '') return undefined;
  for (const item of field.split(',')) {
    const slash = item.indexOf('/');
    const range = slash === -1 ? item : item.slice(0, slash);
    let step = 1;
    if (slash !== -1) {
      const parsed = number(item.slice(slash + 1));
      if (parsed === undefined || parsed < 1) return undefined;
      step = parsed;
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = spec.min;
      to = spec.max;
    } else {
      const dash = range.indexOf('-');
      const first = value(dash === -1 ? range : range.slice(0, dash), spec);
      if (first === undefined) return undefined;
      from = first;
      if (dash !== -1) {
        const last = value(range.slice(dash + 1), spec);
        if (last === undefined) return undefined;
        to = last;
      } else {
        // `5/15` means from 5 to the end, every 15.
        to = slash === -1 ? first : spec.max;
      }
    }
    if (from < spec.min || to > spec.max || from > to) return undefined;
    for (let v = from; v <= to; v += step) set[v] = true;
  }
  return set;
}

function value(text: string, spec: FieldSpec): number | undefined {
  const parsed = number(text);
  if (parsed !== undefined) return parsed;
  if (!spec.names) return undefined;
  const index = spec.names.indexOf(text.toLowerCase());
  return index === -1 ? undefined : index + (spec.nameBase ?? 0);
}

function number(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's `time.ParseDuration` for positive values: `1h30m`, `90s`, `1.5h`. */
export function parseGoDuration(text: string): number | undefined {
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  while (at < text.length) {
    part.lastIndex = at;
    const match = part.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
    at = part.lastIndex;
  }
  return total;
}
