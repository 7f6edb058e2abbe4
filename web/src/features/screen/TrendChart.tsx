/**
 * A trend on the screen: bars and a line over a category axis (the 30 days' 上报 and 办结, the 12
 * months' visits and valued visits), with ECharts' core and only the parts drawn here (a line and a bar
 * chart, grid, tooltip, legend, canvas): this page's chunk, never the console's. One chart for the
 * page's life: new figures are `setOption`, so a wall that runs for weeks does not pile up instances.
 * The canvas is drawn at the wall's scale times the device's pixel ratio, so it stays sharp when the
 * 1920×1080 stage is scaled up.
 */
import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function TrendChart({ x, bars, line, barLabel, lineLabel, scale, testId = 'screen-trend' }: {
  x: string[]; bars: number[]; line: number[]; barLabel: string; lineLabel: string; scale: number; testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const ratio = Math.max(1, Math.round((window.devicePixelRatio || 1) * scale * 2) / 2);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { devicePixelRatio: ratio });
    chart.current = c;
    return () => {
      c.dispose();
      chart.current = null;
    };
  }, [ratio]);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 34, bottom: 26 },
      legend: { top: 0, right: 0, itemWidth: 16, textStyle: { color: '#b9d3f7', fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: x, axisLabel: { color: '#7f9cc8', fontSize: 12 }, axisLine: { lineStyle: { color: '#2a4f86' } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#7f9cc8', fontSize: 12 }, splitLine: { lineStyle: { color: 'rgba(64,140,255,0.15)' } } },
      series: [
        { type: 'bar', name: barLabel, data: bars, barMaxWidth: 18, itemStyle: { color: '#2f8cff' } },
        { type: 'line', name: lineLabel, data: line, showSymbol: false, smooth: false, lineStyle: { color: '#2de3a4', width: 2 }, itemStyle: { color: '#2de3a4' } },
      ],
    });
  }, [x, bars, line, barLabel, lineLabel, ratio]);

  return <div ref={el} data-testid={testId} style={{ position: 'absolute', inset: 0 }} />;
}
