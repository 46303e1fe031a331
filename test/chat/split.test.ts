import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../src/chat/split.ts';

describe('splitMessage', () => {
  it('leaves a short message whole', () => {
    expect(splitMessage('公租房闲置问题整改不力', 2048)).toEqual(['公租房闲置问题整改不力']);
  });

  it('splits at line boundaries, every part under the limit, nothing lost', () => {
    const text = Array.from({ length: 30 }, (_, i) => `${i + 1}. 一/3 公租房闲置问题整改不力｜正在整改`).join('\n');
    const parts = splitMessage(text, 300);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(300);
    expect(parts.join('\n')).toBe(text);
    for (const part of parts) expect(part.startsWith('\n') || part.endsWith('\n')).toBe(false);
  });

  it('cuts a line longer than the limit after punctuation where it can', () => {
    const line = '已挂牌美德福、星牛、长景铝业、湄格气体等四块土地，方案已经管委会研究，待县政府开会研究。'.repeat(10);
    const parts = splitMessage(line, 200);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(200);
    expect(parts.join('')).toBe(line);
    expect(parts[0]).toMatch(/[，。、]$/);
  });
});
