/**
 * A chart's SVG as a PNG, for a channel that can send a picture: rasterized by resvg (a native binary shipped in its
 * npm package) with a CJK font of the system's. Without such a font the Chinese would come out as empty boxes, so
 * there is then no picture at all, and the text says everything.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const cjkFonts = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

/** The CJK fonts found on this machine (Debian: fonts-noto-cjk). */
export const chartFonts = (): string[] => cjkFonts.filter((path) => existsSync(path));

export function svgToPng(svg: string, fonts = chartFonts()): Buffer | undefined {
  if (fonts.length === 0) return undefined;
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 2 },
    font: { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'Noto Sans CJK SC' },
  });
  return resvg.render().asPng();
}
