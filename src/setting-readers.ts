/**
 * Readers of one setting as written in the environment: each turns the text into a value or says, in Chinese and in
 * English, what is wrong with it. Plain functions rather than a schema library, so that reading every setting costs
 * next to nothing at each start of `duban`.
 */

/** What is wrong with a setting's text; `config.ts` names the setting. */
export class SettingProblem extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Reads a setting's text, or its absence. */
export type Reader<T> = (text: string | undefined) => T;
/** Reads a setting's text when there is one. */
export type Parse<T> = (text: string) => T;

const refuse = (zh: string, en: string): never => {
  throw new SettingProblem(zh, en);
};

export const optional =
  <T>(parse: Parse<T>): Reader<T | undefined> =>
  (text) =>
    text === undefined ? undefined : parse(text);

export const orElse =
  <T>(parse: Parse<T>, fallback: T): Reader<T> =>
  (text) =>
    text === undefined ? fallback : parse(text);

export const nonEmpty: Parse<string> = (text) => (text.length > 0 ? text : refuse('至少 1 个字符', 'at least 1 character'));

/** A whole number from `min` (to `max`), as `Number` reads it. */
export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> =>
  (text) => {
    const value = text.trim() === '' ? NaN : Number(text);
    if (!Number.isInteger(value)) return refuse('应为整数', 'a whole number');
    if (value < min) return refuse(`应不小于 ${min}`, `at least ${min}`);
    if (value > max) return refuse(`应不大于 ${max}`, `at most ${max}`);
    return value;
  };

export const oneOf =
  <const Values extends readonly string[]>(values: Values, zh = `应为以下之一：${values.join('、')}`, en = `one of ${values.join(', ')}`): Parse<Values[number]> =>
  (text) =>
    values.includes(text) ? text : refuse(zh, en);

export const matching =
  (pattern: RegExp, zh: string, en: string): Parse<string> =>
  (text) =>
    pattern.test(text) ? text : refuse(zh, en);

export const satisfying =
  (test: (text: string) => boolean, zh: string, en: string): Parse<string> =>
  (text) =>
    test(text) ? text : refuse(zh, en);

/** A URL `new URL` accepts; with `protocols`, one of those (`https?`). */
export const url =
  (protocols?: RegExp, example = 'https://example.com'): Parse<string> =>
  (text) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {
      parsed = undefined;
    }
    if (parsed && (!protocols || protocols.test(parsed.protocol.slice(0, -1)))) return text;
    return protocols ? refuse(`应为 http(s) 地址，例如 ${example}`, `an http(s) URL, e.g. ${example}`) : refuse('应为网址', 'a URL');
  };

/** Items separated by `separator`, blanks dropped, each read by `parse`. */
export const listOf =
  <T>(separator: RegExp, parse: Parse<T>): Parse<T[]> =>
  (text) =>
    text
      .split(separator)
      .map((item) => item.trim())
      .filter(Boolean)
      .map(parse);
