import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../../src/understand/model/prompts.ts';
import { toolDefinitions } from '../../../src/understand/model/tools.ts';

describe('the tools offered to the model', () => {
  it('take their words, in Chinese, from prompts/tools.txt, for every tool and parameter', () => {
    const tools = toolDefinitions(loadPrompts());
    expect(tools.map((tool) => tool.function.name)).toEqual(['search_items', 'get_item', 'list_items', 'propose_update']);
    for (const { function: fn } of tools) {
      expect(fn.description).toMatch(/\p{Script=Han}/u);
      const properties = (fn.parameters as { properties: Record<string, { description?: string }> }).properties;
      for (const property of Object.values(properties)) expect(property.description).toMatch(/\p{Script=Han}/u);
    }
    expect(tools[3]!.function.parameters).toMatchObject({
      type: 'object',
      required: ['code', 'change'],
      properties: { change: { enum: ['done', 'progress', 'deadline', 'note'] }, progress: { type: 'integer', minimum: 0, maximum: 100 } },
    });
  });

  it('refuse to start when the prompts leave a parameter undescribed', () => {
    const prompts = loadPrompts();
    delete prompts.tools.list_items!.parameters.days;
    expect(() => toolDefinitions(prompts)).toThrow('prompts/tools.txt does not describe list_items.days');
  });
});
