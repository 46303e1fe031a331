/**
 * The model's instructions, in Chinese, as text files in `prompts/` at the project root, read once at the start:
 * `system.txt` (with `{{ledger}}` and `{{today}}` filled in per question) and `tools.txt`, which describes each tool
 * and its parameters (`# name`, the description, then `- parameter: description` lines). People who tune the
 * wording edit text, not code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config.ts';

export interface ToolText {
  description: string;
  parameters: Record<string, string>;
}

export interface Prompts {
  /** The system prompt with its `{{…}}` placeholders. */
  system: string;
  tools: Record<string, ToolText>;
}

export const promptsFolder = join(projectRoot, 'prompts');

function readTools(text: string): Record<string, ToolText> {
  const tools: Record<string, ToolText> = {};
  let current: ToolText | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    const heading = /^#\s*(\w+)$/.exec(line);
    const parameter = /^-\s*(\w+)\s*[:：]\s*(.+)$/.exec(line);
    if (heading) tools[heading[1]!] = current = { description: '', parameters: {} };
    else if (current && parameter) current.parameters[parameter[1]!] = parameter[2]!;
    else if (current && line) current.description += line;
  }
  return tools;
}

export function loadPrompts(folder = promptsFolder): Prompts {
  return { system: readFileSync(join(folder, 'system.txt'), 'utf8').trim(), tools: readTools(readFileSync(join(folder, 'tools.txt'), 'utf8')) };
}

/** The system prompt for one question. */
export function systemPrompt(prompts: Prompts, values: { ledger: string; today: string }): string {
  return prompts.system.replaceAll('{{ledger}}', values.ledger).replaceAll('{{today}}', values.today);
}

/** Every text of the instructions as written: the system prompt with its placeholders, and each tool's words. */
export function instructionTexts(prompts: Prompts): string[] {
  return [prompts.system, ...Object.values(prompts.tools).flatMap((tool) => [tool.description, ...Object.values(tool.parameters)])];
}
