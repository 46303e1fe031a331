/**
 * Charts of a ledger drawn on the server as SVG by ECharts (no script in the browser: fast on an old office PC and
 * on a phone), the same drawing for the console's pages and, rasterized, for the daily notice's picture.
 */
import * as echarts from 'echarts';

export const colours = { done: '#2e7d32', overdue: '#c62828', soon: '#f9a825', open: '#90a4ae' };
const font = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif";

function svg(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: font }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface UnitBar {
  name: string;
  done: number;
  overdue: number;
  soon: number;
  /** Open, neither overdue nor due soon. */
  open: number;
}

/** Completion by unit (or person), red / yellow / green stacked per row, worst first as given. */
export function unitChart(rows: UnitBar[], options: { width?: number; title?: string } = {}): string {
  const shown = rows.slice(0, 12).reverse();
  const width = options.width ?? 640;
  const height = Math.max(160, 60 + shown.length * 28) + (options.title ? 30 : 0);
  const series = (name: string, key: keyof typeof colours) => ({
    name,
    type: 'bar',
    stack: 'all',
    barWidth: 16,
    itemStyle: { color: colours[key] },
    label: { show: true, position: 'inside', color: '#fff', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    data: shown.map((row) => row[key]),
  });
  return svg(width, height, {
    title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 16, fontFamily: font } } : undefined,
    legend: { bottom: 0, textStyle: { fontFamily: font } },
    grid: { left: 8, right: 16, top: options.title ? 40 : 10, bottom: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((row) => row.name), axisLabel: { width: 120, overflow: 'truncate', fontFamily: font } },
    series: [series('已完成', 'done'), series('逾期', 'overdue'), series('7天内到期', 'soon'), series('其他未完成', 'open')],
  });
}

/** Items by status, as a ring. */
export function statusChart(counts: { name: string; value: number; colour: string }[]): string {
  return svg(320, 220, {
    legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { fontFamily: font } },
    series: [
      {
        type: 'pie',
        radius: ['45%', '75%'],
        center: ['35%', '50%'],
        label: { show: false },
        data: counts.map((c) => ({ name: `${c.name} ${c.value}`, value: c.value, itemStyle: { color: c.colour } })),
      },
    ],
  });
}

/** Items done (or closed) by day, as the audit trail records them. */
export function completionChart(points: { day: string; done: number }[], total: number): string {
  return svg(640, 220, {
    grid: { left: 8, right: 24, top: 20, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: total, minInterval: 1 },
    series: [{ type: 'line', step: 'end', areaStyle: { opacity: 0.15 }, itemStyle: { color: colours.done }, data: points.map((p) => p.done) }],
  });
}
