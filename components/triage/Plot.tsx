/** Risk and cue scores over media time (uPlot), with the verdict thresholds drawn. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { cueShortNameIn } from '@/lib/l10n/cues';
import type { Translate } from '@/lib/l10n/keys';
import type { CueSeries } from '@/lib/storage/types';

export interface PlotProps {
  series: CueSeries;
  /** Risk (0-100) at and above which the verdict is likely fake, and below which likely real. */
  fakeAt: number;
  realBelow: number;
  t: Translate;
  width?: number;
}

const CUE_COLOURS = [
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

export function Plot({ series, fakeAt, realBelow, t, width = 520 }: PlotProps) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = target.current;
    if (!el || series.t.length === 0) return;
    const cues = Object.entries(series.cues);
    const flat = (v: number) => series.t.map(() => v);
    const data: uPlot.AlignedData = [
      series.t,
      series.risk,
      flat(fakeAt),
      flat(realBelow),
      ...cues.map(([, values]) => values.map((v) => (v === null ? null : v * 100))),
    ];
    const plot = new uPlot(
      {
        width,
        height: 220,
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [{ label: t('plotTime') }, { label: t('plotScore') }],
        series: [
          { label: t('plotT') },
          { label: t('plotRisk'), stroke: '#b3261e', width: 2 },
          {
            label: t('plotFakeAt', String(fakeAt)),
            stroke: '#b3261e',
            dash: [6, 4],
            width: 1,
            points: { show: false },
          },
          {
            label: t('plotRealBelow', String(realBelow)),
            stroke: '#2e7d32',
            dash: [6, 4],
            width: 1,
            points: { show: false },
          },
          ...cues.map(([name], i) => ({
            label: cueShortNameIn(t, name),
            stroke: CUE_COLOURS[i % CUE_COLOURS.length] ?? '#777',
            width: 1,
            show: i < 3,
          })),
        ],
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [series, fakeAt, realBelow, width, t]);
  if (series.t.length === 0) return <p class="tt-muted">{t('plotEmpty')}</p>;
  return <div class="tt-plot" ref={target} />;
}
