/**
 * The days a deadline can be tied to besides a month: the eve of a festival (`春节前` is the day before the Spring
 * Festival, `国庆前` 9月30日), the last month of a quarter or a season (春季 is March to May, 冬季 December to February).
 */

/** The first day of the lunar year (春节), by year: it moves with the moon, so it is looked up, never computed. */
const springFestival: Record<number, string> = {
  2015: '02-19', 2016: '02-08', 2017: '01-28', 2018: '02-16', 2019: '02-05', 2020: '01-25', 2021: '02-12', 2022: '02-01',
  2023: '01-22', 2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26', 2029: '02-13', 2030: '02-03',
  2031: '01-23', 2032: '02-11', 2033: '01-31', 2034: '02-19', 2035: '02-08',
};

const dayBefore = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Festival names as written, and the day before the festival of a year; undefined for a year not in the table. */
export const festivalEves: Record<string, (year: number) => string | undefined> = {
  春节: (year) => (springFestival[year] ? dayBefore(`${year}-${springFestival[year]}`) : undefined),
  元旦: (year) => `${year - 1}-12-31`,
  五一: (year) => `${year}-04-30`,
  劳动节: (year) => `${year}-04-30`,
  国庆: (year) => `${year}-09-30`,
  国庆节: (year) => `${year}-09-30`,
};

/** A season's last month; 冬季 ends in February of the year after it began. */
export const seasonEnds: Record<string, { month: number; nextYear: boolean }> = {
  春: { month: 5, nextYear: false },
  夏: { month: 8, nextYear: false },
  秋: { month: 11, nextYear: false },
  冬: { month: 2, nextYear: true },
};
