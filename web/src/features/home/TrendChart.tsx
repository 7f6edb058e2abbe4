/** A small line chart (ECharts, loaded with the page that shows it, not with the console). */
import { useEffect, useRef } from 'react';

export interface Series { name: string; data: (number | null)[]; color: string; kind?: 'line' | 'bar'; axis?: 0 | 1; unit?: string }

export function TrendChart({ labels, series, testId, height = 220 }: { labels: string[]; series: Series[]; testId: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([labels, series]);
  useEffect(() => {
    if (!el.current) return;
    let chart: { dispose(): void; resize(): void } | null = null;
    let gone = false;
    const watch = new ResizeObserver(() => chart?.resize());
    watch.observe(el.current);
    void import('echarts').then((echarts) => {
      if (gone || !el.current) return;
      const c = echarts.init(el.current);
      chart = c;
      const twoAxes = series.some((s) => s.axis === 1);
      c.setOption({
        animation: false,
        grid: { left: 36, right: twoAxes ? 40 : 12, top: 28, bottom: 24 },
        legend: { top: 0, itemWidth: 14, textStyle: { fontSize: 12 } },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
        yAxis: [{ type: 'value', minInterval: 1 }, ...(twoAxes ? [{ type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }] : [])],
        series: series.map((s) => ({
          type: s.kind ?? 'line', name: s.name, data: s.data, yAxisIndex: s.axis ?? 0, showSymbol: false, smooth: false,
          itemStyle: { color: s.color }, lineStyle: { color: s.color, width: 2 }, barMaxWidth: 18,
        })),
      });
    });
    return () => {
      gone = true;
      watch.disconnect();
      chart?.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for labels and series
  }, [key]);
  return <div ref={el} data-testid={testId} style={{ height, width: '100%' }} />;
}
