import { formatNumber } from '../../http/i18n/format.js';
import type { View } from '../../http/view.js';

const W = 640;
const ROW = 24;

/**
 * A horizontal bar chart drawn on the server: labels at the start of the reading direction
 * (the right in Arabic) and bars growing the way the text runs; printable as it is. The figures
 * are in a table below it too, for screen readers and for copying.
 */
export function BarChart(props: {
  v: View;
  id: string;
  title: string;
  rows: { label: string; value: number; href?: string }[];
}) {
  const { v } = props;
  const rtl = v.locale.dir === 'rtl';
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  const labelW = 190;
  const numW = 60;
  const barMax = W - labelW - numW - 10;
  const h = props.rows.length * ROW + 4;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-t`}>
      <figcaption id={`${props.id}-t`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${h}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-t`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>{props.title}</title>
        {props.rows.map((r, i) => {
          const y = i * ROW + 2;
          const len = Math.round((r.value / max) * barMax);
          const barX = rtl ? W - labelW - len : labelW;
          const name = r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label;
          return (
            <g>
              {/* In Arabic the label sits at the right, its text running right to left (start is then the right). */}
              <text
                x={rtl ? W - 4 : labelW - 8}
                y={y + 16}
                text-anchor={rtl ? 'start' : 'end'}
                direction={rtl ? 'rtl' : 'ltr'}
                font-size="13"
              >
                {name}
              </text>
              <rect x={barX} y={y + 4} width={Math.max(1, len)} height={ROW - 8} fill="#0b5d4b" />
              <text
                x={rtl ? barX - 6 : labelW + len + 6}
                y={y + 16}
                text-anchor={rtl ? 'end' : 'start'}
                font-size="12"
              >
                {formatNumber(v.locale, r.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <FigureTable v={v} rows={props.rows} />
    </figure>
  );
}

/** A line over the months, time running in the reading direction. */
export function LineChart(props: {
  v: View;
  id: string;
  title: string;
  points: { label: string; value: number }[];
}) {
  const { v } = props;
  const rtl = v.locale.dir === 'rtl';
  const h = 180;
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const n = props.points.length;
  const x = (i: number) => {
    const t = n > 1 ? i / (n - 1) : 0.5;
    return Math.round(40 + (rtl ? 1 - t : t) * (W - 80));
  };
  const y = (value: number) => Math.round(h - 30 - (value / max) * (h - 50));
  return (
    <figure class="chart" aria-labelledby={`${props.id}-t`}>
      <figcaption id={`${props.id}-t`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${h}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-t`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>{props.title}</title>
        <line x1="40" y1={h - 30} x2={W - 40} y2={h - 30} stroke="#77756e" />
        {n > 1 ? (
          <polyline
            points={props.points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')}
            fill="none"
            stroke="#0b5d4b"
            stroke-width="2"
          />
        ) : null}
        {props.points.map((p, i) => (
          <g>
            <circle cx={x(i)} cy={y(p.value)} r="3.5" fill="#0b5d4b" />
            <text x={x(i)} y={y(p.value) - 8} text-anchor="middle" font-size="11">
              {formatNumber(v.locale, p.value)}
            </text>
            <text x={x(i)} y={h - 12} text-anchor="middle" font-size="11" direction="ltr">
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <FigureTable v={v} rows={props.points} />
    </figure>
  );
}

function FigureTable(props: { v: View; rows: { label: string; value: number; href?: string }[] }) {
  return (
    <details>
      <summary>{props.v.t('network.data')}</summary>
      <table>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">
                {r.href ? (
                  <a href={r.href}>
                    <bdi>{r.label}</bdi>
                  </a>
                ) : (
                  <bdi>{r.label}</bdi>
                )}
              </th>
              <td>{formatNumber(props.v.locale, r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
