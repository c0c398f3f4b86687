import { err, ok, type Result } from "../errors/result.ts";

/**
 * A parsed five-field cron expression: minute, hour, day of month, month, day of week (0 or 7 = Sunday).
 * A day matches when its day of month AND its weekday both match, as in node-cron (classic cron would
 * OR them when both are restricted), so `0 18 1-7 * 1` is the first Monday of every month.
 */
export interface CronExpression {
  readonly source: string;
  /** Ascending. */
  readonly minutes: readonly number[];
  /** Ascending. */
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
}

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const fieldRules: readonly FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  },
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

const itemPattern = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/;

/**
 * Parses a five-field cron expression. The error says which field is wrong and why, in words a
 * moderator can act on (it ends up in campaign-file errors).
 */
export function parseCron(source: string): Result<CronExpression, string> {
  const fields = source.trim().split(/\s+/);
  if (fields.length !== 5) {
    return err(
      `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}: "${source.trim()}"`,
    );
  }
  const values: number[][] = [];
  for (const [index, rule] of fieldRules.entries()) {
    const parsed = parseField(fields[index] ?? "", rule);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  const [minutes, hours, days, months, weekdays] = values as [number[], number[], number[], number[], number[]];
  return ok({
    source: source.trim(),
    minutes,
    hours,
    daysOfMonth: new Set(days),
    months: new Set(months),
    daysOfWeek: new Set(weekdays.map((weekday) => weekday % 7)),
  });
}

function parseField(field: string, rule: FieldRule): Result<number[], string> {
  const selected = new Set<number>();
  for (const item of field.split(",")) {
    const match = itemPattern.exec(item.toLowerCase());
    if (!match) return err(`${rule.name} "${field}": "${item}" is not a number, name, range, list or step`);
    const [, range = "", stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return err(`${rule.name} "${field}": a step must be at least 1`);
    let from = rule.min;
    let to = rule.max;
    if (range !== "*") {
      const [startText = "", endText] = range.split("-");
      const start = fieldValue(startText, rule);
      const end = endText === undefined ? (stepText === undefined ? start : rule.max) : fieldValue(endText, rule);
      if (start === null || end === null) {
        return err(`${rule.name} "${field}": values go from ${rule.min} to ${rule.max}${namesHint(rule)}`);
      }
      if (start > end) return err(`${rule.name} "${field}": the range ${range} runs backwards`);
      from = start;
      to = end;
    }
    for (let value = from; value <= to; value += step) selected.add(value);
  }
  return ok([...selected].sort((a, b) => a - b));
}

function fieldValue(text: string, rule: FieldRule): number | null {
  const named = rule.names?.indexOf(text) ?? -1;
  if (named >= 0) return named + (rule.name === "month" ? 1 : 0);
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= rule.min && value <= rule.max ? value : null;
}

function namesHint(rule: FieldRule): string {
  return rule.names ? ` or ${rule.names[0]}-${rule.names.at(-1)}` : "";
}

/** Whether a calendar day (month 1-12) is one the expression fires on. */
export function cronMatchesDay(cron: CronExpression, year: number, month: number, day: number): boolean {
  if (!cron.months.has(month) || !cron.daysOfMonth.has(day)) return false;
  return cron.daysOfWeek.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
}
