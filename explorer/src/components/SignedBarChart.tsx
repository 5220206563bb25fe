import type { Bar } from "../format/explanation.ts";
import { formatSigned } from "../format/format.ts";

export type SignedBarChartProps = {
  bars: readonly Bar[];
  /** Read by screen readers and shown as the chart's heading. */
  title: string;
  /** How a value is written beside its bar (default: signed, 4 decimals). */
  format?: (value: number) => string;
  /** "magnitude" draws the largest effects first; "none" keeps the given order (ranks, class indices). */
  order?: "magnitude" | "none";
  width?: number;
  testId?: string;
};

/** Chart geometry: label column, value column and row height in SVG units. */
export const CHART = { labelWidth: 120, valueWidth: 104, rowHeight: 22, barHeight: 14, padding: 8 } as const;

/** The bars in the order they are drawn. */
export function orderBars(bars: readonly Bar[], order: "magnitude" | "none"): Bar[] {
  const out = [...bars];
  // ties keep their given order (Array.prototype.sort is stable)
  if (order === "magnitude") out.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return out;
}

/**
 * The horizontal scale: the domain always contains 0 (the axis) and every value; a chart of zeros gets [-1, 1] so
 * the axis sits in the middle rather than dividing by zero.
 */
export function barScale(values: readonly number[], left: number, right: number) {
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) {
    min = -1;
    max = 1;
  }
  const x = (value: number) => left + ((value - min) / (max - min)) * (right - left);
  return { x, zero: x(0), min, max };
}

/**
 * A signed horizontal bar chart in plain SVG: one row per bar, positive values to the right of the zero axis
 * (class `bar-positive`), negative to the left (`bar-negative`), the value written beside each bar. Highlighted bars
 * (the predicted class, the top item) get `bar-highlight`.
 */
export function SignedBarChart({
  bars,
  title,
  format = (value) => formatSigned(value),
  order = "magnitude",
  width = 860,
  testId,
}: SignedBarChartProps) {
  const rows = orderBars(bars, order);
  const { labelWidth, valueWidth, rowHeight, barHeight, padding } = CHART;
  const left = labelWidth + padding;
  const right = width - valueWidth - padding;
  const scale = barScale(
    rows.map((bar) => bar.value),
    left,
    right,
  );
  const height = rows.length * rowHeight + 2 * padding;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="empty">Nothing to draw: the outputs carry no values.</p>
      ) : (
        <svg
          role="img"
          aria-label={title}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
        >
          <line
            className="axis"
            x1={scale.zero}
            x2={scale.zero}
            y1={padding / 2}
            y2={height - padding / 2}
            data-testid="zero-axis"
          />
          {rows.map((bar, i) => {
            const y = padding + i * rowHeight;
            const end = scale.x(bar.value);
            const x = Math.min(end, scale.zero);
            const barWidth = Math.abs(end - scale.zero);
            const sign = bar.value < 0 ? "negative" : "positive";
            const text = format(bar.value);
            return (
              <g
                key={bar.label}
                className={`bar bar-${sign}${bar.highlight ? " bar-highlight" : ""}`}
                data-label={bar.label}
                data-value={bar.value}
              >
                <title>{`${bar.label}: ${text}`}</title>
                <text
                  className="bar-label"
                  x={labelWidth}
                  y={y + rowHeight / 2}
                  textAnchor="end"
                  dominantBaseline="middle"
                >
                  {bar.label}
                </text>
                <rect x={x} y={y + (rowHeight - barHeight) / 2} width={barWidth} height={barHeight} rx={2} />
                <text className="bar-value" x={width - valueWidth} y={y + rowHeight / 2} dominantBaseline="middle">
                  {text}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
