import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** ChartSeries is one line: its legend label and one value per time point (null: no data). */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface TimeChartProps {
  /** title names the chart for screen readers and heads the table that carries the same numbers. */
  title: string;
  /** times are the points' instants in Unix seconds, ascending. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  /** format writes a value as the table and the legend show it (default: the plain number). */
  format?: (v: number) => string;
}

// Colours that stay apart for people with the common colour-vision deficiencies.
const COLOURS = ["#5b3cc4", "#d9730d", "#0f7b6c", "#c4314b", "#2f6fb3"];

/**
 * TimeChart draws time series with uPlot, sized to its container. The same numbers are in a
 * visually hidden table, so the chart reads without sight too. uPlot is imported only by the
 * screens that chart, so it lands in their chunks and not in the first screen's.
 */
export function TimeChart({ title, times, series, height = 220, format = String }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || times.length === 0) return;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: series.length > 1 },
      scales: { x: { time: true } },
      axes: [{}, { values: (_u, ticks) => ticks.map((t) => format(t)), size: 60 }],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          value: (_u: uPlot, v: number | null) => (v === null ? "–" : format(v)),
        })),
      ],
    };
    const plot = new uPlot(opts, [times, ...series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, height, format]);

  if (times.length === 0) return <p class="muted">No data in this period yet.</p>;
  // Day buckets sit at local midnight: their rows name the day, not midnight of it.
  const daily = times.every((t) => new Date(t * 1000).toTimeString().startsWith("00:00:00"));
  const when = (t: number) => (daily ? new Date(t * 1000).toLocaleDateString() : new Date(t * 1000).toLocaleString());
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={title} />
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{daily ? "Day" : "Time"}</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((t, i) => (
            <tr key={t}>
              <th scope="row">{when(t)}</th>
              {series.map((s) => (
                <td key={s.label}>{s.values[i] === null ? "no data" : format(s.values[i] as number)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
